import { absoluteExpiry, idleCutoff, normaliseUserAgent } from '~/domain/login-session.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

type SessionDb = Pick<Db, 'loginSession'>

/**
 * Starts a login session (log-in, sign-up, password reset): a new row, so a new id, which is
 * the rotation that defeats session fixation. The row of the cookie the browser sent before
 * (`previousSessionId`) is deleted, whoever it belonged to: that browser now holds the new
 * one. The user's sessions that have already timed out go too, so the table does not grow.
 */
export async function createLoginSession(db: SessionDb, input: { userId: string; previousSessionId?: string | null }, ctx: AuditContext = {}, now = new Date()) {
  const dead = [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleCutoff(now) } }]
  await db.loginSession.deleteMany({
    where: input.previousSessionId ? { OR: [{ id: input.previousSessionId }, { userId: input.userId, OR: dead }] } : { userId: input.userId, OR: dead },
  })
  return db.loginSession.create({
    data: { userId: input.userId, expiresAt: absoluteExpiry(now), lastSeenAt: now, createdAt: now, userAgent: normaliseUserAgent(ctx.userAgent), ip: ctx.ipAddress ?? null },
    select: { id: true, expiresAt: true },
  })
}

/** Ends one session by id (log-out, or the previous cookie's session at log-in). */
export async function endSession(db: SessionDb, sessionId: string | null | undefined): Promise<void> {
  if (!sessionId) return
  await db.loginSession.deleteMany({ where: { id: sessionId } })
}
