import { forumAnalytics, presenceAnswerRate } from '~/domain/attendance-analytics.ts'
import type { Interval } from '~/domain/attendance.ts'
import { ALL_SOURCES, creditedMinutes } from '~/domain/credited-time.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { roundMinutes } from './get-attendee-timeline.server.ts'
import { getForumReplayAnalytics } from './get-forum-replay-analytics.server.ts'
import { loadCreditedForums } from './load-credited-forums.server.ts'

/**
 * `creditedMinutes`: minutes inside the sessions' credited windows (the forum as it ran,
 * breaks and pauses out), the one derivation's figure every credit surface shows.
 * `minutes`: all minutes online or on site in the counting window, breaks and time around
 * the programme included; labelled as such.
 */
export type AttendeeRow = { registrationId: string; realName: string; institution: string | null; email: string; creditedMinutes: number; minutes: number; sources: string[] }

/**
 * A forum's attendance analytics, read from the stored intervals (kept forever, so the
 * figures outlive the session): concurrency per minute, unique attendees by source and per
 * venue, average and median minutes, the drop-off curve and the presence-check answer rate.
 */
export async function getForumAttendance(db: Db, forumId: string, now = new Date()) {
  const forum = await db.forum.findUnique({
    where: { id: forumId },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      liveStartedAt: true,
      liveEndedAt: true,
      attendanceDerivation: { select: { startedAt: true, registrations: true } },
      event: { select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum')
  // The stored intervals were derived in this window (deriveForumAttendance), so read them in it.
  const [credited] = await loadCreditedForums(db, { id: forumId }, forum.attendanceDerivation?.startedAt ?? now)
  const window = { start: new Date(credited!.window.start), end: new Date(credited!.window.end) }
  const rows = await db.attendanceInterval.findMany({ where: { forumId }, select: { registrationId: true, source: true, start: true, end: true } })
  const intervals = rows.map((r) => ({ registrationId: r.registrationId, source: r.source, start: r.start.getTime(), end: r.end.getTime() }))
  const analytics = forumAnalytics(intervals, { start: window.start.getTime(), end: window.end.getTime() })

  // Per person: the stored intervals and the sources seen; minutes from the credited derivation's second stage.
  const perPerson = new Map<string, { intervals: Interval[]; sources: Set<string> }>()
  for (const r of rows) {
    let p = perPerson.get(r.registrationId)
    if (!p) perPerson.set(r.registrationId, (p = { intervals: [], sources: new Set() }))
    p.intervals.push({ forumId, source: r.source, start: r.start.toISOString(), end: r.end.toISOString() })
    p.sources.add(r.source)
  }
  const people = await db.registration.findMany({ where: { id: { in: [...perPerson.keys()] } }, select: { id: true, user: { select: { realName: true, institution: true, email: true } } } })
  const attendees: AttendeeRow[] = people
    .map((r) => {
      const p = perPerson.get(r.id)!
      const figure = creditedMinutes(p.intervals, [credited!], ALL_SOURCES).forums[0]!
      return {
        registrationId: r.id,
        realName: r.user.realName,
        institution: r.user.institution,
        email: r.user.email,
        creditedMinutes: roundMinutes(figure.attended),
        minutes: roundMinutes(figure.present),
        sources: [...p.sources].sort(),
      }
    })
    .sort((a, b) => b.creditedMinutes - a.creditedMinutes || b.minutes - a.minutes || a.realName.localeCompare(b.realName))

  const [venues, prompted, answered] = await Promise.all([
    db.$queryRaw<{ venueId: string; nameZh: string; nameEn: string; people: number }[]>`
      SELECT v."id" AS "venueId", v."nameZh", v."nameEn", count(DISTINCT c."registrationId")::int AS "people"
      FROM "Venue" v LEFT JOIN "CheckIn" c ON c."venueId" = v."id" AND c."kind" = 'ENTRY'
      WHERE v."eventId" = ${forum.event.id} AND (v."forumId" IS NULL OR v."forumId" = ${forumId})
      GROUP BY v."id", v."nameZh", v."nameEn" ORDER BY v."nameZh"`,
    db.attendanceEvent.count({ where: { forumId, kind: 'PRESENCE_PROMPT' } }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT DISTINCT a."registrationId", a."promptId" FROM "AttendanceEvent" a
        JOIN "AttendanceEvent" p ON p."registrationId" = a."registrationId" AND p."promptId" = a."promptId" AND p."kind" = 'PRESENCE_PROMPT'
        WHERE a."forumId" = ${forumId} AND a."kind" = 'PRESENCE_ACK'
      ) answered`,
  ])
  const replay = await getForumReplayAnalytics(db, { forumId, window, mediaStart: forum.liveStartedAt ?? forum.startsAt })
  return {
    forum,
    window,
    /** The replay's audience on the same minute axis (app/services/attendance/get-forum-replay-analytics.server.ts). */
    replay,
    run: credited!.run,
    /** Minutes the forum offered for credit: its sessions' credited windows. */
    creditedOffered: roundMinutes(creditedMinutes([], [credited!], ALL_SOURCES).offered),
    derivedAt: forum.attendanceDerivation?.startedAt ?? null,
    analytics,
    venues: venues.map((v) => ({ ...v, people: Number(v.people) })),
    presence: { prompted, answered: Number(answered[0]?.n ?? 0), rate: presenceAnswerRate(prompted, Number(answered[0]?.n ?? 0)) },
    attendees,
  }
}

/**
 * Cumulative participation of an event: the sum over its forums of each forum's unique
 * attendees (how the seed counts "52,000 across main and sub-forums"), and the distinct
 * people behind it.
 */
export async function getEventParticipation(db: Db, eventId: string) {
  const rows = await db.$queryRaw<{ forumId: string; people: number }[]>`
    SELECT i."forumId", count(DISTINCT i."registrationId")::int AS "people"
    FROM "AttendanceInterval" i JOIN "Forum" f ON f."id" = i."forumId"
    WHERE f."eventId" = ${eventId} GROUP BY i."forumId"`
  const distinct = await db.$queryRaw<{ people: number }[]>`
    SELECT count(DISTINCT i."registrationId")::int AS "people"
    FROM "AttendanceInterval" i JOIN "Forum" f ON f."id" = i."forumId" WHERE f."eventId" = ${eventId}`
  const perForum = Object.fromEntries(rows.map((r) => [r.forumId, Number(r.people)]))
  return { perForum, cumulative: Object.values(perForum).reduce((a, b) => a + b, 0), distinctPeople: Number(distinct[0]?.people ?? 0) }
}
