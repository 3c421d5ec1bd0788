import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deriveForumAttendance } from '../../app/services/attendance/derive-forum-attendance.server.ts'
import { exportForumAttendanceCsv, exportForumAttendanceXlsx } from '../../app/services/attendance/export-forum-attendance.server.ts'
import { getAttendeeTimeline } from '../../app/services/attendance/get-attendee-timeline.server.ts'
import { getEventParticipation, getForumAttendance } from '../../app/services/attendance/get-forum-attendance.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())

// The forum went live at 09:00 and ended at 10:00 (Shanghai); a 30-minute talk from 09:00.
const T0 = new Date('2027-03-01T01:00:00Z')
const at = (min: number, sec = 0) => new Date(T0.getTime() + min * 60_000 + sec * 1000)
let forumId = ''
let eventId = ''
const reg: string[] = []
let n = 0

async function ledger(registrationId: string, rows: [kind: string, minute: number, extra?: Record<string, unknown>][]) {
  await db.attendanceEvent.createMany({
    data: rows.map(([kind, minute, extra]) => ({
      registrationId,
      forumId,
      kind: kind as never,
      source: (kind.startsWith('VENUE') ? 'VENUE' : 'LIVE') as never,
      receivedAt: at(minute),
      clientAt: at(minute),
      nonce: `n-${n++}`,
      ...extra,
    })),
  })
}
const heartbeats = (from: number, to: number) => Array.from({ length: (to - from) * 2 + 1 }, (_, i) => ['HEARTBEAT', from + i / 2] as [string, number])

beforeAll(async () => {
  const event = await createEvent(db, { startsAt: T0 })
  eventId = event.id
  forumId = event.forums[0]!.id
  await db.forum.update({ where: { id: forumId }, data: { liveStartedAt: at(0), liveEndedAt: at(60), liveStatus: 'ENDED' } })
  await db.session.create({ data: { forumId, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: at(0), endsAt: at(30) } })
  const ticket = await createTicketType(db, event.id)
  const users = await createUsers(db, 3, 'ana')
  for (const userId of users) reg.push((await db.registration.create({ data: { eventId: event.id, userId, ticketTypeId: ticket.id, status: 'CONFIRMED' } })).id)
  // A: the whole hour online. B: 10 minutes, then away. C: at the venue from 09:20 with no exit.
  await ledger(reg[0]!, [['JOIN', 0], ...heartbeats(0, 60)])
  await ledger(reg[1]!, [['JOIN', 5], ...heartbeats(5, 15), ['AWAY', 15]])
  await ledger(reg[2]!, [['VENUE_ENTRY', 20]])
})

describe('deriving and reading a forum', () => {
  test('intervals are derived from the ledger and the figures follow', async () => {
    expect(await deriveForumAttendance(db, forumId)).toMatchObject({ registrations: 3 })
    const { analytics, attendees, window } = await getForumAttendance(db, forumId)
    expect(window).toEqual({ start: at(0), end: at(60) })
    expect(analytics.uniqueAttendees).toBe(3)
    expect(analytics.uniqueBySource).toEqual({ LIVE: 2, VENUE: 1, REPLAY: 0 })
    expect(attendees.map((a) => [a.minutes, a.sources])).toEqual([
      [60, ['LIVE']],
      [40, ['VENUE']],
      [10, ['LIVE']],
    ])
    expect(analytics.concurrency).toHaveLength(60)
    expect(analytics.concurrency.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 2])
    expect(analytics.concurrency[20]).toBe(2)
    expect(analytics.peak.viewers).toBe(2)
    expect(analytics.medianMinutes).toBe(40)
  })

  test('a second run redoes only registrations with new ledger rows, and their figures change', async () => {
    await ledger(reg[1]!, [['JOIN', 40], ...heartbeats(40, 50), ['LEAVE', 50]])
    // No late-commit margin here: only rows after the previous watermark count.
    expect(await deriveForumAttendance(db, forumId, { lateRowMargin: 0n })).toMatchObject({ registrations: 1 })
    const { attendees } = await getForumAttendance(db, forumId)
    expect(attendees.find((a) => a.registrationId === reg[1])!.minutes).toBe(20)
  })

  test('participation across the event sums forums and counts distinct people', async () => {
    expect(await getEventParticipation(db, eventId)).toEqual({ perForum: { [forumId]: 3 }, cumulative: 3, distinctPeople: 3 })
  })
})

describe('evidence for one attendee', () => {
  test('the timeline shows minutes per session, intervals and the raw rows', async () => {
    const timeline = await getAttendeeTimeline(db, forumId, reg[1]!)
    expect(timeline.sessions.map((s) => [s.minutes, s.scheduled])).toEqual([[10, 30]])
    expect(timeline.intervals.map((i) => [i.start, i.end])).toEqual([
      [at(5).toISOString(), at(15).toISOString()],
      [at(40).toISOString(), at(50).toISOString()],
    ])
    expect(timeline.events[0]).toMatchObject({ kind: 'JOIN' })
  })

  test('a registration of another event is not found', async () => {
    const other = await createEvent(db)
    const ticket = await createTicketType(db, other.id)
    const [userId] = await createUsers(db, 1, 'other')
    const foreign = await db.registration.create({ data: { eventId: other.id, userId: userId!, ticketTypeId: ticket.id, status: 'CONFIRMED' } })
    await expect(getAttendeeTimeline(db, forumId, foreign.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('exports', () => {
  test('CSV has a BOM, a header and one row per attendee', async () => {
    const { body, filename } = await exportForumAttendanceCsv(db, forumId)
    expect(filename).toMatch(/^attendance-test-event-.*-main\.csv$/)
    const lines = body.replace('\uFEFF', '').trim().split('\r\n')
    expect(lines[0]).toBe('registration_id,real_name,institution,email,credited_minutes,present_minutes,sources')
    expect(lines).toHaveLength(4)
  })

  test('XLSX opens with exceljs and holds attendees and minutes', async () => {
    const { body } = await exportForumAttendanceXlsx(db, forumId)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(body as unknown as ArrayBuffer)
    expect(book.getWorksheet('attendees')!.rowCount).toBe(4)
    const perMinute = book.getWorksheet('per_minute')!
    expect(perMinute.rowCount).toBe(61)
    expect(perMinute.getRow(2).values).toEqual([undefined, 0, '09:00', 1, 1, 1, 0])
    const summary = new Map<string, unknown>()
    book.getWorksheet('summary')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value))
    expect(summary.get('unique_attendees')).toBe(3)
    expect([summary.get('unique_online'), summary.get('unique_venue'), summary.get('unique_replay')]).toEqual([2, 1, 0])
    expect(summary.get('peak_viewers')).toBe((await getForumAttendance(db, forumId)).analytics.peak.viewers)
    expect(summary.get('presence_checks_prompted')).toBe(0)
  })
})

describe('keeping analytics fresh', () => {
  test('a forum that ended after its last derivation is derived once, by whichever caller claims it', async () => {
    const { deriveLiveForums } = await import('../../app/services/attendance/derive-live-attendance.server.ts')
    const ago = (min: number) => new Date(Date.now() - min * 60_000)
    const event = await createEvent(db, { startsAt: ago(120) })
    const forum = event.forums[0]!
    await db.forum.update({ where: { id: forum.id }, data: { liveStartedAt: ago(120), liveEndedAt: ago(60), liveStatus: 'ENDED' } })
    const ticket = await createTicketType(db, event.id)
    const [userId] = await createUsers(db, 1, 'fresh')
    const registration = await db.registration.create({ data: { eventId: event.id, userId: userId!, ticketTypeId: ticket.id, status: 'CONFIRMED' } })
    await db.attendanceEvent.createMany({ data: [{ registrationId: registration.id, forumId: forum.id, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: ago(90), nonce: `fresh-${n++}` }] })
    const [a, b] = await Promise.all([deriveLiveForums(db), deriveLiveForums(db)])
    expect([...a, ...b].filter((id) => id === forum.id)).toHaveLength(1)
    expect(await db.attendanceInterval.count({ where: { forumId: forum.id } })).toBe(1)
    // Derived after it ended: not picked again.
    expect(await deriveLiveForums(db, { leaseSec: 0 })).not.toContain(forum.id)
  })
})
