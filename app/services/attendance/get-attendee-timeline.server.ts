import { attendanceWindow } from '~/domain/attendance-analytics.ts'
import { attendedMinutes } from '~/domain/attendance.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { attendanceOptions, deriveRegistrationAttendance } from './derive-forum-attendance.server.ts'

/**
 * "Why do I have only 42 minutes?": one attendee's raw ledger for a forum, the intervals
 * derived from it right now, and the minutes per session, side by side.
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
  const window = attendanceWindow(forum, now)
  const { rows: events, intervals } = await deriveRegistrationAttendance(db, registrationId, [forum], now)
  const sessions = forum.sessions.map((s) => ({ id: s.id, forumId, start: s.startsAt.toISOString(), end: s.endsAt.toISOString(), isBreak: s.kind === 'BREAK' }))
  const perSession = attendedMinutes(intervals, sessions, ['LIVE', 'VENUE', 'REPLAY'])
  return {
    forum,
    registration,
    window,
    options: attendanceOptions(),
    events: events.map((e) => ({ ...e, id: e.id.toString() })),
    intervals,
    sessions: forum.sessions.map((s) => ({ ...s, minutes: Math.round((perSession[s.id] ?? 0) * 10) / 10, scheduled: Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000) })),
  }
}
