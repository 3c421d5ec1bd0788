import ExcelJS from 'exceljs'
import { toCsv } from '~/domain/csv-export.ts'
import { formatTime } from '~/domain/time.ts'
import type { Db } from '~/utils/db.server.ts'
import { getForumAttendance } from './get-forum-attendance.server.ts'

const HEADER = ['registration_id', 'real_name', 'institution', 'email', 'minutes', 'sources']

/** Every attendee of a forum with their minutes, as CSV (UTF-8 with BOM, for Excel). */
export async function exportForumAttendanceCsv(db: Db, forumId: string): Promise<{ filename: string; body: string }> {
  const { forum, attendees } = await getForumAttendance(db, forumId)
  const rows = attendees.map((a) => [a.registrationId, a.realName, a.institution, a.email, a.minutes, a.sources.join('+')])
  return { filename: `attendance-${forum.event.slug}-${forum.slug}.csv`, body: toCsv(HEADER, rows) }
}

/** The same, plus viewers and retention per minute, as an XLSX workbook with two sheets. */
export async function exportForumAttendanceXlsx(db: Db, forumId: string): Promise<{ filename: string; body: Buffer }> {
  const { forum, attendees, analytics, window } = await getForumAttendance(db, forumId)
  const book = new ExcelJS.Workbook()
  book.creator = 'cme-forum'
  const people = book.addWorksheet('attendees')
  people.addRow(HEADER)
  for (const a of attendees) people.addRow([a.registrationId, a.realName, a.institution ?? '', a.email, a.minutes, a.sources.join('+')])
  const minutes = book.addWorksheet('per_minute')
  minutes.addRow(['minute', 'time', 'viewers', 'retention'])
  analytics.concurrency.forEach((viewers, m) => minutes.addRow([m, formatTime(new Date(window.start.getTime() + m * 60_000), forum.event.timeZone), viewers, analytics.retention[m] ?? 0]))
  return { filename: `attendance-${forum.event.slug}-${forum.slug}.xlsx`, body: Buffer.from(await book.xlsx.writeBuffer()) }
}
