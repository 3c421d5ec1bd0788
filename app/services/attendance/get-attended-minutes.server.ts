import { computeCredits } from '~/domain/credits.ts'
import type { Db } from '~/utils/db.server.ts'
import { deriveRegistrationAttendance } from './derive-forum-attendance.server.ts'

export type AttendanceScope = { eventId: string; forumId: string | null; sessionId: string | null }

/**
 * Minutes a registration attended within a scope (an event, a forum or one session), from
 * its ledger derived right now: the union over time of its non-break sessions covered by
 * the same forum's intervals, any source, as the credit rules count it (parallel forums and
 * two devices never twice).
 */
export async function getAttendedMinutes(db: Db, input: { registrationId: string; scope: AttendanceScope; now?: Date }): Promise<{ attended: number; scheduled: number }> {
  const now = input.now ?? new Date()
  const { scope } = input
  const forums = await db.forum.findMany({
    where: scope.forumId ? { id: scope.forumId, eventId: scope.eventId } : { eventId: scope.eventId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      liveStartedAt: true,
      liveEndedAt: true,
      sessions: { where: scope.sessionId ? { id: scope.sessionId } : {}, select: { id: true, forumId: true, kind: true, startsAt: true, endsAt: true } },
    },
  })
  const { intervals } = await deriveRegistrationAttendance(db, input.registrationId, forums, now)
  const sessions = forums.flatMap((f) => f.sessions.map((s) => ({ id: s.id, forumId: s.forumId, start: s.startsAt.toISOString(), end: s.endsAt.toISOString(), isBreak: s.kind === 'BREAK' })))
  const result = computeCredits({ rule: { scheme: 'CUSTOM', mode: 'FIXED', credits: 0, rounding: 'NONE', sources: ['LIVE', 'VENUE', 'REPLAY'] }, sessions, intervals })
  return { attended: result.attendedMinutes, scheduled: result.scheduledMinutes }
}
