import { idleCutoff, summariseUserAgent, type DeviceSummary } from '~/domain/login-session.ts'
import type { Db } from '~/utils/db.server.ts'

export type MySession = { id: string; device: DeviceSummary; ip: string | null; lastSeenAt: Date; createdAt: Date; current: boolean }

/** The user's live sessions for the profile: this device first, then the most recently used. */
export async function listMySessions(db: Db, userId: string, currentSessionId: string | undefined, now = new Date()): Promise<MySession[]> {
  const rows = await db.loginSession.findMany({
    where: { userId, expiresAt: { gt: now }, lastSeenAt: { gt: idleCutoff(now) } },
    select: { id: true, userAgent: true, ip: true, lastSeenAt: true, createdAt: true },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
  })
  const sessions = rows.map((r) => ({ id: r.id, device: summariseUserAgent(r.userAgent), ip: r.ip, lastSeenAt: r.lastSeenAt, createdAt: r.createdAt, current: r.id === currentSessionId }))
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)]
}
