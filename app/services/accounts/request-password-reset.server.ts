import { newPasswordToken, PASSWORD_TOKEN_TTL_MS } from '~/domain/password-token.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit } from '~/utils/rate-limit.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Writes the reset e-mail into the outbox, in the caller's transaction. It belongs to the
 * email feature, which accounts may not import (docs/architecture.md): the route hands it
 * in (queuePasswordResetEmail from app/services/email/).
 */
export type QueuePasswordResetEmail = (tx: Tx, input: { userId: string; token: string; expiresAt: Date }) => Promise<void>

/** Per address: a person who asks again gets another mail; a mailbox is not flooded. */
const PER_EMAIL = { points: 3, durationSec: 3600 }
/** Per IP address: one office behind one address may ask for several people. */
const PER_IP = { points: 10, durationSec: 3600 }

/**
 * "Forgot password": when the address has an account, a one-time link valid for an hour
 * goes into the outbox. The caller answers the same whether or not it has (no enumeration),
 * and the throttles count unknown addresses exactly like known ones, so a 429 reveals
 * nothing either.
 */
export async function requestPasswordReset(db: Db, input: { email: string }, queueEmail: QueuePasswordResetEmail, ctx: AuditContext = {}, now = new Date()): Promise<void> {
  await throttle(db, input.email, ctx.ipAddress ?? 'unknown')
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true } })
  if (!user) {
    logger.info('password reset asked for an address without an account')
    return
  }
  const { token, tokenHash } = newPasswordToken()
  const expiresAt = new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS.RESET)
  await db.$transaction(async (tx) => {
    await tx.passwordToken.create({ data: { userId: user.id, tokenHash, purpose: 'RESET', expiresAt, createdAt: now } })
    await queueEmail(tx, { userId: user.id, token, expiresAt })
    await writeAudit(tx, 'user.password_reset_requested', {}, { ...ctx, userId: user.id })
  })
  logger.info({ userId: user.id }, 'password reset link queued')
}

async function throttle(db: Db, email: string, ip: string) {
  for (const [name, limit, key] of [
    ['password-reset-ip', PER_IP, ip],
    ['password-reset-email', PER_EMAIL, email],
  ] as const) {
    const result = await createRateLimit({ name, ...limit, scope: 'shared', db }).consume(key)
    if (!result.allowed) throw new AppError('rate_limited', 'Too many password reset requests', { retryAfterSec: Math.ceil(result.retryAfterMs / 1000) })
  }
}
