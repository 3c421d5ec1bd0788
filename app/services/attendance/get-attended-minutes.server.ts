import type { Db } from '~/utils/db.server.ts'
import { deriveRegistrationAttendance } from './derive-forum-attendance.server.ts'
import { loadCreditedScope } from './load-credited-forums.server.ts'

export type AttendanceScope = { eventId: string; forumId: string | null; sessionId: string | null }

/**
 * Minutes a registration attended within a scope (an event, a forum or one session), from
 * its ledger derived right now by the one credited derivation (app/domain/credited-time.ts):
 * its sessions' credited windows (the forum as it ran) covered by the same forum's
 * intervals, any source, unions over time (parallel forums and two devices never twice).
 * `scheduled` is the credited windows' own minutes.
 */
export async function getAttendedMinutes(db: Db, input: { registrationId: string; scope: AttendanceScope; now?: Date }): Promise<{ attended: number; scheduled: number }> {
  const now = input.now ?? new Date()
  const { forums, sessionIds } = await loadCreditedScope(db, input.scope, now)
  const derived = await deriveRegistrationAttendance(db, input.registrationId, forums, { sessionIds })
  return { attended: derived.attended, scheduled: derived.offered }
}
