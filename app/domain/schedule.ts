import { createHash } from 'node:crypto'
import { orderForums } from './agenda.ts'
import { placeName, roomFor, venueForForum, type AgendaVenue, type ForumRoom } from './forum-place.ts'
import { localized, type AppLocale } from './locale.ts'
import { dayKey, formatter, formatTime } from './time.ts'

// Where a forum is held moved to ./forum-place.ts (no node modules, for pages); its importers here keep working.
export { venueForForum, type AgendaVenue } from './forum-place.ts'

/**
 * One schedule model for every export: iCalendar (RFC 5545), the frab XML that conference
 * apps read, and JSON. Identifiers are derived from database ids, so they are stable
 * across exports and re-exports. Pure: data in, data out.
 */
export type ScheduleInput = {
  slug: string
  titleZh: string
  titleEn: string
  timeZone: string
  startsAt: Date
  endsAt: Date
  baseUrl: string
  forums: {
    id: string
    slug: string
    kind: 'MAIN' | 'SUB'
    position: number
    titleZh: string
    titleEn: string
    startsAt: Date
    sessions: {
      id: string
      kind: 'OPENING' | 'TALK' | 'PANEL' | 'BREAK' | 'CLOSING' | 'OTHER'
      titleZh: string
      titleEn: string
      startsAt: Date
      endsAt: Date
      speakers: { speaker: { id: string; nameZh: string; nameEn: string } }[]
    }[]
  }[]
}

export type ScheduleSession = {
  id: string
  uid: string
  guid: string
  frabId: number
  kind: string
  titleZh: string
  titleEn: string
  start: string // ISO 8601 with the event zone's offset
  end: string
  startUtc: string
  endUtc: string
  localStart: string // HH:MM in the event zone
  duration: string // HH:MM
  forumSlug: string
  room: string
  speakers: { id: string; frabId: number; nameZh: string; nameEn: string }[]
  url: string
}
export type Schedule = {
  slug: string
  titleZh: string
  titleEn: string
  timeZone: string
  start: string // YYYY-MM-DD in the event zone
  end: string
  /** Calendar days the event spans; `days` lists only those with sessions. */
  dayCount: number
  days: { index: number; date: string; start: string; end: string; rooms: { name: string; forumSlug: string; guid: string; sessions: ScheduleSession[] }[] }[]
}

/** A UUID-shaped, stable identifier derived from a string (name-based, SHA-1, RFC 4122 v5 layout). */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(`cme-forum:${name}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

/** frab wants positive integer ids; a 31-bit hash of the database id is stable. */
export function stableInt(name: string): number {
  return createHash('sha1').update(name).digest().readUInt32BE(0) & 0x7fffffff
}

/** The zone's UTC offset at an instant, as +08:00. */
export function offsetAt(instant: Date, timeZone: string): string {
  const name =
    formatter('en', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = name.match(/GMT([+-]\d{2}):?(\d{2})?/)
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00'
}

/** ISO 8601 local date-time with the zone's offset, e.g. 2026-08-10T09:30:00+08:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  return `${dayKey(instant, timeZone)}T${formatTime(instant, timeZone)}:00${offsetAt(instant, timeZone)}`
}

function duration(start: Date, end: Date): string {
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000))
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const tz = input.timeZone
  const byDay = new Map<string, Map<string, { name: string; forumSlug: string; guid: string; sessions: ScheduleSession[] }>>()
  for (const forum of orderForums(input.forums)) {
    for (const s of forum.sessions) {
      const day = dayKey(s.startsAt, tz)
      let rooms = byDay.get(day)
      if (!rooms) byDay.set(day, (rooms = new Map()))
      let room = rooms.get(forum.id)
      if (!room) rooms.set(forum.id, (room = { name: forum.titleZh, forumSlug: forum.slug, guid: stableGuid(`forum:${forum.id}`), sessions: [] }))
      room.sessions.push({
        id: s.id,
        uid: `${s.id}@cme-forum`,
        guid: stableGuid(`session:${s.id}`),
        frabId: stableInt(s.id),
        kind: s.kind,
        titleZh: s.titleZh,
        titleEn: s.titleEn,
        start: isoInZone(s.startsAt, tz),
        end: isoInZone(s.endsAt, tz),
        startUtc: s.startsAt.toISOString(),
        endUtc: s.endsAt.toISOString(),
        localStart: formatTime(s.startsAt, tz),
        duration: duration(s.startsAt, s.endsAt),
        forumSlug: forum.slug,
        room: forum.titleZh,
        speakers: s.speakers.map(({ speaker }) => ({ id: speaker.id, frabId: stableInt(speaker.id), nameZh: speaker.nameZh, nameEn: speaker.nameEn })),
        url: `${input.baseUrl}/events/${input.slug}#session-${s.id}`,
      })
    }
  }
  const start = dayKey(input.startsAt, tz)
  const end = dayKey(input.endsAt, tz)
  const dayNumber = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, rooms]) => {
      const list = [...rooms.values()].map((r) => ({ ...r, sessions: r.sessions.sort((a, b) => a.startUtc.localeCompare(b.startUtc)) }))
      const all = list.flatMap((r) => r.sessions)
      return {
        // frab numbers days from the conference's first day, gaps included.
        index: dayNumber(date),
        date,
        start: all.reduce((m, s) => (s.startUtc < m.startUtc ? s : m)).start,
        end: all.reduce((m, s) => (s.endUtc > m.endUtc ? s : m)).end,
        rooms: list,
      }
    })
  return {
    slug: input.slug,
    titleZh: input.titleZh,
    titleEn: input.titleEn,
    timeZone: tz,
    start,
    end,
    dayCount: dayNumber(end),
    days,
  }
}

/**
 * The schedule with only the sessions `keep` accepts. Rooms and days left without sessions
 * are dropped and each day's start and end follow what is left; identifiers stay as they
 * were, so a filtered calendar and the full one name the same session with the same UID.
 */
export function filterSchedule(schedule: Schedule, keep: (session: ScheduleSession) => boolean): Schedule {
  const days = schedule.days.flatMap((day) => {
    const rooms = day.rooms.map((r) => ({ ...r, sessions: r.sessions.filter(keep) })).filter((r) => r.sessions.length > 0)
    const all = rooms.flatMap((r) => r.sessions)
    if (all.length === 0) return []
    return [
      {
        ...day,
        start: all.reduce((m, s) => (s.startUtc < m.startUtc ? s : m)).start,
        end: all.reduce((m, s) => (s.endUtc > m.endUtc ? s : m)).end,
        rooms,
      },
    ]
  })
  return { ...schedule, days }
}

/**
 * An attendee's own calendar of an event: the sessions of the forums on their agenda (see
 * `agendaForumIds`; null: every forum), less the breaks, which only clutter a personal
 * calendar. UIDs are those of the public calendar.ics, so a calendar app that has both shows
 * each session once.
 */
export function attendeeCalendar(schedule: Schedule, forumSlugs: readonly string[] | null = null): Schedule {
  const days = forumSlugs ? schedule.days.map((d) => ({ ...d, rooms: d.rooms.filter((r) => forumSlugs.includes(r.forumSlug)) })) : schedule.days
  return filterSchedule({ ...schedule, days }, (s) => s.kind !== 'BREAK')
}

/**
 * The forums on an attendee's agenda (issue 15, "my agenda"): the ones they chose that still
 * exist, or, when they chose none, the main forum(s).
 */
export function agendaForumIds(forums: readonly { id: string; kind: 'MAIN' | 'SUB' }[], chosen: readonly string[]): string[] {
  const kept = forums.filter((f) => chosen.includes(f.id)).map((f) => f.id)
  return kept.length > 0 ? kept : forums.filter((f) => f.kind === 'MAIN').map((f) => f.id)
}

/**
 * The LOCATION text: "venue · room, city, address", or "online" and the forum's page when the
 * forum has no venue (a room alone is no place to go to).
 */
export function calendarLocation(venue: { name: string; room?: string; city: string; address: string } | null, online: { label: string; url: string }): string {
  if (!venue) return `${online.label} ${online.url}`
  return [placeName(venue.name, venue.room ?? ''), venue.city, venue.address].filter((part) => part.trim() !== '').join(', ')
}

/**
 * One forum's LOCATION in the reader's language, for the programme's calendar and an
 * attendee's own: its venue (`venueForForum`) with its room, or "online" and `online.url`.
 */
export function forumCalendarLocation(venues: readonly AgendaVenue[], forum: { id: string } & ForumRoom, locale: AppLocale, online: { label: string; url: string }): string {
  const venue = venueForForum(venues, forum.id)
  return calendarLocation(venue && { name: localized(locale, venue.nameZh, venue.nameEn), room: roomFor(venue, forum, locale), city: venue.city, address: venue.address }, online)
}
