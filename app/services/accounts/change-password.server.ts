import { hash, verify } from '@node-rs/argon2'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit } from '~/utils/rate-limit.server.ts'
import { assertNewPasswordAllowed } from './password-policy.server.ts'

/** Guessing the current password from a borrowed, signed-in browser is throttled per account. */
const ATTEMPTS = { points: 5, durationSec: 15 * 60 }

/**
 * Changes the password of a signed-in user who knows the current one. Every other session
 * of the account ends (whoever else was signed in is out), unused reset and set-up links
 * stop working, and this session stays.
 */
export async function changePassword(db: Db, input: { userId: string; sessionId: string; currentPassword: string; newPassword: string }, ctx: AuditContext = {}, now = new Date()) {
  await assertNewPasswordAllowed(input.newPassword)
  const limit = createRateLimit({ name: 'password-change', ...ATTEMPTS, scope: 'shared', db })
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { passwordHash: true } })
  const attempt = await limit.consume(input.userId)
  if (!attempt.allowed) throw new AppError('rate_limited', 'Too many attempts to change the password', { retryAfterSec: Math.ceil(attempt.retryAfterMs / 1000) })
  if (!(await verify(user.passwordHash, input.currentPassword).catch(() => false))) {
    await writeAudit(db, 'user.password_change_failed', {}, { ...ctx, userId: input.userId })
    throw new AppError('wrong_password', 'The current password is not right')
  }
  await limit.reset(input.userId)
  const passwordHash = await hash(input.newPassword)
  const ended = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash } })
    await tx.passwordToken.updateMany({ where: { userId: input.userId, usedAt: null }, data: { usedAt: now } })
    const { count } = await tx.loginSession.deleteMany({ where: { userId: input.userId, id: { not: input.sessionId } } })
    await writeAudit(tx, 'user.password_changed', { otherSessionsEnded: count }, { ...ctx, userId: input.userId })
    return count
  })
  logger.info({ userId: input.userId, otherSessionsEnded: ended }, 'password changed')
  return { otherSessionsEnded: ended }
}
