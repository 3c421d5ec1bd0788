import { randomBytes } from 'node:crypto'
import { hash } from '@node-rs/argon2'
import { newPasswordToken, PASSWORD_TOKEN_TTL_MS } from '~/domain/password-token.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { changeUserRole } from './change-user-role.server.ts'

export type CreateAdminInput = { email: string; realName?: string | null }

/**
 * `npm run admin:create`: makes an ADMIN account, or promotes an existing account, and
 * returns a one-time SETUP link token (valid 24 h) with which its owner sets a password. A
 * new account gets no usable password: its hash is of 32 random bytes nobody knows. A
 * promotion ends the account's sessions (privilege change); its password keeps working.
 * Only the newest set-up link of an account works.
 */
export async function createAdmin(db: Db, input: CreateAdminInput, now = new Date()) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } })
  if (!existing && !input.realName) throw new AppError('validation_failed', 'A new account needs a name (--name)')
  const unusableHash = existing ? null : await hash(randomBytes(32).toString('base64url'))
  const { token, tokenHash } = newPasswordToken()
  const expiresAt = new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS.SETUP)
  const result = await db.$transaction(async (tx) => {
    let userId: string
    let promoted = false
    if (existing) {
      userId = existing.id
      promoted = await changeUserRole(tx, userId, 'ADMIN')
    } else {
      const user = await tx.user.create({ data: { email: input.email, realName: input.realName!, role: 'ADMIN', passwordHash: unusableHash! }, select: { id: true } })
      userId = user.id
      await writeAudit(tx, 'user.admin_created', {}, { userId })
    }
    await tx.passwordToken.updateMany({ where: { userId, purpose: 'SETUP', usedAt: null }, data: { usedAt: now } })
    await tx.passwordToken.create({ data: { userId, tokenHash, purpose: 'SETUP', expiresAt, createdAt: now } })
    return { userId, created: !existing, promoted }
  })
  logger.info({ userId: result.userId, created: result.created, promoted: result.promoted }, 'admin set-up link issued')
  return { ...result, token, expiresAt }
}
