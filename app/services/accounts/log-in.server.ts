import { hash, verify } from '@node-rs/argon2'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { SESSION_TTL_MS } from '~/utils/session.server.ts'

// Verifying against a real hash when the email is unknown keeps the response time
// the same, so log-in does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined

export async function logIn(db: Db, input: { email: string; password: string }, ctx: AuditContext = {}, now = new Date()) {
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true } })
  const ok = user ? await verify(user.passwordHash, input.password) : (await verify(await (dummyHash ??= hash('not-a-real-password')), input.password), false)
  if (!user || !ok) {
    await writeAudit(db, 'user.login_failed', {}, { ...ctx, userId: user?.id ?? null })
    throw new AppError('invalid_credentials', 'Wrong email or password')
  }
  const session = await db.$transaction(async (tx) => {
    const s = await tx.loginSession.create({
      data: { userId: user.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
      select: { id: true, expiresAt: true },
    })
    await writeAudit(tx, 'user.logged_in', {}, { ...ctx, userId: user.id })
    return s
  })
  logger.info({ userId: user.id }, 'user logged in')
  return { userId: user.id, session }
}
