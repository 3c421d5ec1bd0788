import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { attendanceOptions, deriveRegistrationAttendance } from './derive-forum-attendance.server.ts'
import { loadCreditedForums } from './load-credited-forums.server.ts'

/**
 * "Why do I have only 42 minutes?": one attendee's raw ledger for a forum, the intervals
 * derived from it right now, and the credited minutes per session (the one derivation,
 * app/domain/credited-time.ts) beside each session's credited window, side by side.
 */
export async function getAttendeeTimeline(db: Db, forumId: string, registrationId: string, now = new Date()) {
  const forum = await db.forum.findUnique({
    where: { id: forumId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      liveStartedAt: true,
      liveEndedAt: true,
      event: { select: { id: true, timeZone: true } },
      sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, titleZh: true, titleEn: true, kind: true, startsAt: true, endsAt: true } },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const registration = await db.registration.findFirst({
    where: { id: registrationId, eventId: forum.event.id },
    select: { id: true, status: true, user: { select: { realName: true, institution: true, email: true } } },
  })
  if (!registration) throw new AppError('not_found', 'No such registration for this event')
  const credited = await loadCreditedForums(db, { id: forumId }, now)
  const derived = await deriveRegistrationAttendance(db, registrationId, credited)
  const { rows: events, intervals } = derived
  const windows = new Map(credited[0]!.sessions.map((s) => [s.id, s.windows]))
  const perSession = new Map(derived.sessions.map((s) => [s.id, s]))
  const figure = derived.forums[0]!
  return {
    forum,
    registration,
    window: { start: new Date(credited[0]!.window.start), end: new Date(credited[0]!.window.end) },
    run: credited[0]!.run,
    options: attendanceOptions(),
    events: events.map((e) => ({ ...e, id: e.id.toString() })),
    intervals,
    /** Credited minutes inside the sessions' credited windows, and all minutes present in the counting window. */
    totals: { credited: roundMinutes(figure.attended), offered: roundMinutes(figure.offered), present: roundMinutes(figure.present) },
    sessions: forum.sessions.map((s) => ({
      ...s,
      minutes: roundMinutes(perSession.get(s.id)?.attended ?? 0),
      scheduled: roundMinutes(perSession.get(s.id)?.offered ?? 0),
      windows: windows.get(s.id) ?? [],
    })),
  }
}

/** Staff pages show minutes to one decimal (the attendee's page rounds down to whole minutes). */
export function roundMinutes(minutes: number): number {
  return Math.round(minutes * 10) / 10
}
