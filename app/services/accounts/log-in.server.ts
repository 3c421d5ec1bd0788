import { setTimeout as sleepFor } from 'node:timers/promises'
import { hash, verify } from '@node-rs/argon2'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createLoginSession } from './create-login-session.server.ts'
import { assertDemoLogInAllowed } from './is-demo-account.server.ts'
import { beginLoginAttempt } from './login-throttle.server.ts'

// Verifying against a real hash when the email is unknown keeps the response time
// the same, so log-in does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined

export type LogInInput = { email: string; password: string; previousSessionId?: string | null }

export type LogInOptions = {
  /** Waits out the throttle's growing delay; tests pass one that records instead of waiting. */
  sleep?: (ms: number) => Promise<unknown>
}

/**
 * Checks the password and starts a login session. Attempts are throttled per account and
 * address, per account and per address (login-throttle.server.ts): after a few failures each
 * attempt waits longer, then it is refused with `too_many_logins` (429) and `details.retryAfterMs`.
 * Unknown addresses are counted and answered exactly like wrong passwords.
 */
export async function logIn(db: Db, input: LogInInput, ctx: AuditContext = {}, now = new Date(), options: LogInOptions = {}) {
  const attempt = await beginLoginAttempt(db, input.email, ctx.ipAddress)
  if (attempt.delayMs > 0) await (options.sleep ?? sleepFor)(attempt.delayMs)
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, passwordHash: true } })
  const ok = user ? await verify(user.passwordHash, input.password) : (await verify(await (dummyHash ??= hash('not-a-real-password')), input.password), false)
  if (!user || !ok) {
    await writeAudit(db, 'user.login_failed', {}, { ...ctx, userId: user?.id ?? null })
    throw new AppError('invalid_credentials', 'Wrong email or password')
  }
  await attempt.succeeded()
  assertDemoLogInAllowed(user.email)
  const session = await db.$transaction(async (tx) => {
    const s = await createLoginSession(tx, { userId: user.id, previousSessionId: input.previousSessionId }, ctx, now)
    await writeAudit(tx, 'user.logged_in', {}, { ...ctx, userId: user.id })
    return s
  })
  logger.info({ userId: user.id }, 'user logged in')
  return { userId: user.id, session }
}
