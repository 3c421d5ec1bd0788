import { hash } from '@node-rs/argon2'
import { hashPasswordToken, passwordTokenUsable } from '~/domain/password-token.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createLoginSession } from './create-login-session.server.ts'
import { assertNewPasswordAllowed } from './password-policy.server.ts'

const invalid = () => new AppError('password_link_invalid', 'This link has expired or has already been used')

/**
 * Sets a new password through a one-time link (a RESET link from the mail, or the SETUP link
 * of `npm run admin:create`). The link is spent, every other unused link of the account dies,
 * every session of the account ends, and this browser is signed in anew.
 */
export async function resetPassword(db: Db, input: { token: string; password: string; previousSessionId?: string | null }, ctx: AuditContext = {}, now = new Date()) {
  const tokenHash = hashPasswordToken(input.token)
  const found = await db.passwordToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, purpose: true, expiresAt: true, usedAt: true } })
  if (!found || !passwordTokenUsable(found, now)) throw invalid()
  await assertNewPasswordAllowed(input.password)
  const passwordHash = await hash(input.password)
  const session = await db.$transaction(async (tx) => {
    // Spending the link is the first write and is conditional: of two submissions racing with
    // the same link, one wins and the other changes nothing.
    const spent = await tx.passwordToken.updateMany({ where: { id: found.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
    if (spent.count !== 1) throw invalid()
    await tx.passwordToken.updateMany({ where: { userId: found.userId, usedAt: null }, data: { usedAt: now } })
    await tx.user.update({ where: { id: found.userId }, data: { passwordHash } })
    const { count } = await tx.loginSession.deleteMany({ where: { userId: found.userId } })
    const created = await createLoginSession(tx, { userId: found.userId, previousSessionId: input.previousSessionId }, ctx, now)
    await writeAudit(tx, 'user.password_reset', { purpose: found.purpose, sessionsEnded: count }, { ...ctx, userId: found.userId })
    return created
  })
  logger.info({ userId: found.userId, purpose: found.purpose }, 'password set through a one-time link')
  return { userId: found.userId, session }
}
