import ExcelJS from 'exceljs'
import { toCsv } from '~/domain/csv-export.ts'
import { dayKey, formatTime } from '~/domain/time.ts'
import type { Db } from '~/utils/db.server.ts'
import { getForumAttendance } from './get-forum-attendance.server.ts'

/**
 * credited_minutes: inside the sessions' credited windows (the one derivation, as on every
 * credit surface); present_minutes: all minutes online or on site in the counting window,
 * breaks and time around the programme included.
 */
const HEADER = ['registration_id', 'real_name', 'institution', 'email', 'credited_minutes', 'present_minutes', 'sources']

/** Every attendee of a forum with their minutes, as CSV (UTF-8 with BOM, for Excel). */
export async function exportForumAttendanceCsv(db: Db, forumId: string): Promise<{ filename: string; body: string }> {
  const { forum, attendees } = await getForumAttendance(db, forumId)
  const rows = attendees.map((a) => [a.registrationId, a.realName, a.institution, a.email, a.creditedMinutes, a.minutes, a.sources.join('+')])
  return { filename: `attendance-${forum.event.slug}-${forum.slug}.csv`, body: toCsv(HEADER, rows) }
}

/**
 * The same as an XLSX workbook: a summary sheet with the page's figures (unique attendees
 * by source and venue, average and median minutes, peak, presence-check answer rate), the
 * attendees, and viewers and retention per minute; the replay's views, viewers, minutes
 * watched and viewers per minute beside them.
 */
export async function exportForumAttendanceXlsx(db: Db, forumId: string): Promise<{ filename: string; body: Buffer }> {
  const { forum, attendees, analytics, window, venues, presence, run, creditedOffered, replay } = await getForumAttendance(db, forumId)
  const book = new ExcelJS.Workbook()
  book.creator = 'cme-forum'
  const tz = forum.event.timeZone
  const summary = book.addWorksheet('summary')
  summary.addRow(['figure', 'value'])
  const rows: [string, string | number | null][] = [
    ['forum', `${forum.titleZh} / ${forum.titleEn}`],
    ['window', `${dayKey(window.start, tz)} ${formatTime(window.start, tz)} – ${dayKey(window.end, tz)} ${formatTime(window.end, tz)} (${tz})`],
    ['times_from', run.basis],
    ['ran', `${dayKey(new Date(run.start), tz)} ${formatTime(new Date(run.start), tz)} – ${dayKey(new Date(run.end), tz)} ${formatTime(new Date(run.end), tz)} (${tz})`],
    ['pauses', run.pauses.map((p) => `${formatTime(new Date(p.start), tz)}–${formatTime(new Date(p.end), tz)}`).join(', ')],
    ['credited_minutes_offered', creditedOffered],
    ['unique_attendees', analytics.uniqueAttendees],
    ['unique_online', analytics.uniqueBySource.LIVE],
    ['unique_venue', analytics.uniqueBySource.VENUE],
    ['unique_replay', analytics.uniqueBySource.REPLAY],
    ...venues.map((v): [string, number] => [`venue: ${v.nameZh} / ${v.nameEn}`, v.people]),
    ['average_present_minutes', analytics.averageMinutes],
    ['median_present_minutes', analytics.medianMinutes],
    ['peak_viewers', analytics.peak.viewers],
    ['peak_at', formatTime(new Date(window.start.getTime() + analytics.peak.minute * 60_000), tz)],
    ['presence_checks_prompted', presence.prompted],
    ['presence_checks_answered', presence.answered],
    ['presence_answer_rate', presence.rate],
    ['replay_views', replay.views],
    ['replay_unique_viewers', replay.viewers],
    ['replay_minutes_watched', replay.minutesWatched],
  ]
  for (const row of rows) summary.addRow(row)
  const people = book.addWorksheet('attendees')
  people.addRow(HEADER)
  for (const a of attendees) people.addRow([a.registrationId, a.realName, a.institution ?? '', a.email, a.creditedMinutes, a.minutes, a.sources.join('+')])
  const minutes = book.addWorksheet('per_minute')
  minutes.addRow(['minute', 'time', 'viewers', 'retention', 'viewers_online', 'replay_viewers'])
  analytics.concurrency.forEach((viewers, m) =>
    minutes.addRow([
      m,
      formatTime(new Date(window.start.getTime() + m * 60_000), forum.event.timeZone),
      viewers,
      analytics.retention[m] ?? 0,
      analytics.concurrencyOnline[m] ?? 0,
      replay.curve[m] ?? 0,
    ]),
  )
  return { filename: `attendance-${forum.event.slug}-${forum.slug}.xlsx`, body: Buffer.from(await book.xlsx.writeBuffer()) }
}
