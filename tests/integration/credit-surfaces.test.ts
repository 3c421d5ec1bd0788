import { generateKeyPairSync } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deriveForumAttendance, deriveRegistrationAttendance } from '../../app/services/attendance/derive-forum-attendance.server.ts'
import { exportForumAttendanceCsv, exportForumAttendanceXlsx } from '../../app/services/attendance/export-forum-attendance.server.ts'
import { getAttendeeTimeline, roundMinutes } from '../../app/services/attendance/get-attendee-timeline.server.ts'
import { getForumAttendance } from '../../app/services/attendance/get-forum-attendance.server.ts'
import { confirmForumTimes } from '../../app/services/attendance/confirm-forum-times.server.ts'
import { loadCreditedScope } from '../../app/services/attendance/load-credited-forums.server.ts'
import { exportChinaProjectReport, exportParsLearners } from '../../app/services/credits/export-credits.server.ts'
import { getMyCredits, getTranscript } from '../../app/services/credits/get-my-credits.server.ts'
import { issueCertificate } from '../../app/services/credits/issue-certificate.server.ts'
import type { CreditSnapshot } from '../../app/services/credits/compute-registration-credit.server.ts'
import { reviewCertificatesForForum } from '../../app/services/credits/review-certificates-for-forum.server.ts'
import { verifyCertificate } from '../../app/services/credits/verify-certificate.server.ts'
import { checkEligibility, examEligibilityRules } from '../../app/services/exams/exam-eligibility.server.ts'
import { setForumLiveStatus } from '../../app/services/live/set-forum-live-status.server.ts'
import type { AttendanceSource } from '../../app/domain/attendance.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

/**
 * Issue 14: one derivation, every surface. An event with a main forum that went live late
 * (09:15 instead of 09:00), paused 10:00–10:10 and overran to 12:25, and a parallel
 * venue-only sub-forum on its schedule. One attendee watched live, sat in the sub-forum's
 * room and watched the end as a replay; another was scanned in at the main venue and never
 * scanned out. Every surface is read and must show the derivation's figure.
 */
const db = testDb()
afterAll(() => db.$disconnect())

const keys = generateKeyPairSync('ed25519')
const staff = { userId: null, ipAddress: '203.0.113.7', userAgent: 'vitest' }
// Shanghai wall clock on 2027-05-10.
const T = (hhmm: string) => new Date(`2027-05-10T${hhmm}:00+08:00`)
const AFTER = new Date('2027-05-11T04:00:00+08:00')
const ALL: AttendanceSource[] = ['LIVE', 'VENUE', 'REPLAY']

let eventId = ''
let mainId = ''
let subId = ''
let watcher = { userId: '', registrationId: '' }
let scanned = { userId: '', registrationId: '' }
let classOneRuleId = ''
let amaRuleId = ''
let n = 0

async function ledger(registrationId: string, forumId: string, rows: { kind: string; source: AttendanceSource; at: Date; mediaFromSec?: number; mediaToSec?: number }[]) {
  await db.attendanceEvent.createMany({
    data: rows.map((r) => ({ registrationId, forumId, kind: r.kind as never, source: r.source, receivedAt: r.at, nonce: `cs-${n++}`, mediaFromSec: r.mediaFromSec, mediaToSec: r.mediaToSec })),
  })
}

beforeAll(async () => {
  const event = await createEvent(db, { startsAt: T('09:00') })
  eventId = event.id
  mainId = event.forums[0]!.id
  await db.event.update({ where: { id: eventId }, data: { endsAt: T('12:00') } })
  await db.forum.update({ where: { id: mainId }, data: { startsAt: T('09:00'), endsAt: T('12:00') } })
  subId = (await db.forum.create({ data: { eventId, slug: 'sub', kind: 'SUB', titleZh: '分论坛', titleEn: 'Sub-forum', startsAt: T('09:00'), endsAt: T('12:00'), position: 1 } })).id
  await db.session.createMany({
    data: [
      { forumId: mainId, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: T('09:00'), endsAt: T('10:30') },
      { forumId: mainId, kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: T('10:30'), endsAt: T('10:45') },
      { forumId: mainId, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: T('10:45'), endsAt: T('12:00') },
      { forumId: subId, kind: 'PANEL', titleZh: '讨论', titleEn: 'Panel', startsAt: T('09:00'), endsAt: T('12:00') },
    ],
  })
  // The live-status log, written as a moderator's console writes it.
  await setForumLiveStatus(db, { forumId: mainId, action: 'go_live' }, staff, T('09:15'))
  await setForumLiveStatus(db, { forumId: mainId, action: 'pause' }, staff, T('10:00'))
  await setForumLiveStatus(db, { forumId: mainId, action: 'go_live' }, staff, T('10:10'))
  await setForumLiveStatus(db, { forumId: mainId, action: 'end' }, staff, T('12:25'))

  const ticket = await createTicketType(db, eventId)
  const [a, b] = await createUsers(db, 2, 'surf')
  await db.user.update({ where: { id: a! }, data: { realName: 'John Doe', licenseId: 'MD-14', birthMonth: 5, birthDay: 1, creditReportingConsentAt: T('08:00') } })
  await db.user.update({ where: { id: b! }, data: { realName: '王芳' } })
  for (const [userId, target] of [
    [a!, 'watcher'],
    [b!, 'scanned'],
  ] as const) {
    const registration = await db.registration.create({ data: { eventId, userId, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: T('08:00') } })
    if (target === 'watcher') watcher = { userId, registrationId: registration.id }
    else scanned = { userId, registrationId: registration.id }
  }
  // The watcher: online 09:15–11:00 (heartbeats every 30 s), in the sub-forum's room 09:00–10:00,
  // and the replay of the main forum from 2h15m to 3h10m (11:30–12:25 on the forum's clock).
  const beats = []
  for (let t = T('09:15').getTime() + 30_000; t < T('11:00').getTime(); t += 30_000) beats.push({ kind: 'HEARTBEAT', source: 'LIVE' as const, at: new Date(t) })
  await ledger(watcher.registrationId, mainId, [
    { kind: 'JOIN', source: 'LIVE', at: T('09:15') },
    ...beats,
    { kind: 'LEAVE', source: 'LIVE', at: T('11:00') },
    { kind: 'REPLAY_PROGRESS', source: 'REPLAY', at: T('20:00'), mediaFromSec: 8100, mediaToSec: 11400 },
  ])
  await ledger(watcher.registrationId, subId, [
    { kind: 'VENUE_ENTRY', source: 'VENUE', at: T('09:00') },
    { kind: 'VENUE_EXIT', source: 'VENUE', at: T('10:00') },
  ])
  // The other: scanned in at the main venue at 08:55, never out.
  await ledger(scanned.registrationId, mainId, [{ kind: 'VENUE_ENTRY', source: 'VENUE', at: T('08:55') }])

  const base = { eventId, rounding: 'NONE' as const }
  classOneRuleId = (
    await db.creditRule.create({
      data: { ...base, nameZh: 'Ⅰ类学分', nameEn: 'Class I', scheme: 'CN_CME_CLASS_I', mode: 'FIXED', credits: 4, sources: ['LIVE', 'VENUE'], minAttendedRatio: 0.4, autoIssue: false },
    })
  ).id
  amaRuleId = (
    await db.creditRule.create({
      data: { ...base, nameZh: 'AMA', nameEn: 'AMA PRA Category 1', scheme: 'AMA_PRA_CAT1', mode: 'PER_HOUR', credits: 1, rounding: 'QUARTER_HOUR', sources: ALL, autoIssue: false },
    })
  ).id
  await deriveForumAttendance(db, mainId, { now: AFTER, full: true })
  await deriveForumAttendance(db, subId, { now: AFTER, full: true })
})

/** The one derivation, read directly: a scope and sources in, credited minutes out. */
async function derivation(registrationId: string, scope: { forumId: string | null }, sources: AttendanceSource[] = ALL) {
  const { forums, sessionIds } = await loadCreditedScope(db, { eventId, forumId: scope.forumId, sessionId: null }, AFTER)
  return deriveRegistrationAttendance(db, registrationId, forums, { sources, sessionIds })
}

describe('the derivation follows the forum as it ran', () => {
  test('late start, pause and overrun move the windows; parallel forums count once', async () => {
    const main = await derivation(watcher.registrationId, { forumId: mainId })
    // Talk 1 ran 09:15–10:45 less the 10-minute pause; talk 2 ran 11:00–12:25 (overrun).
    expect(main.sessions.map((s) => [s.attended, s.offered])).toEqual([
      [80, 80],
      [0, 0],
      [55, 85],
    ])
    expect(main.forums[0]).toMatchObject({ attended: 135, offered: 165, present: 160, basis: 'LIVE_LOG' })
    const event = await derivation(watcher.registrationId, { forumId: null })
    // 09:00–10:00 at the venue (parallel live viewing counted once), 10:10–10:45 live, 11:30–12:25 replay; 09:00–12:25 offered.
    expect([event.attended, event.offered]).toEqual([150, 205])
    expect((await derivation(watcher.registrationId, { forumId: null }, ['LIVE', 'VENUE'])).attended).toBe(95)
    expect((await derivation(scanned.registrationId, { forumId: mainId })).attended).toBe(165)
  })
})

describe('every surface shows the derivation', () => {
  test('staff analytics, the CSV and the XLSX', async () => {
    const expected = new Map<string, { credited: number; present: number }>()
    for (const r of [watcher, scanned]) {
      const figure = (await derivation(r.registrationId, { forumId: mainId })).forums[0]!
      expected.set(r.registrationId, { credited: roundMinutes(figure.attended), present: roundMinutes(figure.present) })
    }
    const { attendees, creditedOffered } = await getForumAttendance(db, mainId, AFTER)
    expect(creditedOffered).toBe(165)
    for (const a of attendees) expect({ credited: a.creditedMinutes, present: a.minutes }).toEqual(expected.get(a.registrationId))
    expect(attendees).toHaveLength(2)

    const csv = (await exportForumAttendanceCsv(db, mainId)).body.replace('\uFEFF', '').trim().split('\r\n')
    const header = csv[0]!.split(',')
    for (const line of csv.slice(1)) {
      const cells = line.split(',')
      const id = cells[header.indexOf('registration_id')]!
      expect({ credited: Number(cells[header.indexOf('credited_minutes')]), present: Number(cells[header.indexOf('present_minutes')]) }).toEqual(expected.get(id))
    }

    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await exportForumAttendanceXlsx(db, mainId)).body as never)
    const sheet = book.getWorksheet('attendees')!
    const cols = (sheet.getRow(1).values as unknown[]).map(String)
    let rows = 0
    sheet.eachRow((row, i) => {
      if (i === 1) return
      const v = row.values as unknown[]
      expect({ credited: v[cols.indexOf('credited_minutes')], present: v[cols.indexOf('present_minutes')] }).toEqual(expected.get(String(v[cols.indexOf('registration_id')])))
      rows++
    })
    expect(rows).toBe(2)
    const summary = new Map<string, unknown>()
    book.getWorksheet('summary')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value))
    expect([summary.get('times_from'), summary.get('credited_minutes_offered')]).toEqual(['LIVE_LOG', 165])
  })

  test('the evidence page, per session', async () => {
    const main = await derivation(watcher.registrationId, { forumId: mainId })
    const timeline = await getAttendeeTimeline(db, mainId, watcher.registrationId, AFTER)
    expect(timeline.sessions.map((s) => [s.minutes, s.scheduled])).toEqual(main.sessions.map((s) => [roundMinutes(s.attended), roundMinutes(s.offered)]))
    expect(timeline.totals).toEqual({ credited: 135, offered: 165, present: 160 })
    expect(timeline.run).toMatchObject({
      basis: 'LIVE_LOG',
      start: T('09:15').toISOString(),
      end: T('12:25').toISOString(),
      pauses: [{ start: T('10:00').toISOString(), end: T('10:10').toISOString() }],
    })
  })

  test('exam eligibility', async () => {
    const event = await derivation(watcher.registrationId, { forumId: null })
    const verdict = await checkEligibility(examEligibilityRules({ minAttendedMinutes: 200 }), {
      db,
      exam: { examId: 'none', eventId, forumId: null, sessionId: null },
      registration: { id: watcher.registrationId, status: 'CONFIRMED' },
      now: AFTER,
    })
    expect(verdict).toEqual({ eligible: false, reason: { code: 'attendance_short', requiredMinutes: 200, attendedMinutes: Math.floor(event.attended), scheduledMinutes: Math.round(event.offered) } })
    expect(
      await checkEligibility(examEligibilityRules({ minAttendedMinutes: 150 }), {
        db,
        exam: { examId: 'none', eventId, forumId: null, sessionId: null },
        registration: { id: watcher.registrationId, status: 'CONFIRMED' },
        now: AFTER,
      }),
    ).toEqual({ eligible: true })
  })

  test("the attendee's credits page", async () => {
    const classOne = await derivation(watcher.registrationId, { forumId: null }, ['LIVE', 'VENUE'])
    const ama = await derivation(watcher.registrationId, { forumId: null }, ALL)
    const { events } = await getMyCredits(db, watcher.userId, AFTER)
    const rules = events.find((e) => e.registrationId === watcher.registrationId)!.rules
    const minutesOf = (ruleId: string) => rules.find((r) => r.id === ruleId)!.explanation.find((p) => p.key === 'ratio' || p.key === 'minutes') as { attended: number; scheduled: number }
    expect(minutesOf(classOneRuleId)).toMatchObject({ attended: Math.floor(classOne.attended), scheduled: Math.round(classOne.offered) })
    expect(minutesOf(amaRuleId)).toMatchObject({ attended: Math.floor(ama.attended), scheduled: Math.round(ama.offered) })
    expect(rules.find((r) => r.id === classOneRuleId)).toMatchObject({ eligible: true, credits: 4, final: true })
    expect(rules.find((r) => r.id === amaRuleId)).toMatchObject({ eligible: true, credits: 2.5 })
  })

  test('certificates, their verify page, the transcript, the China report and PARS', async () => {
    const classOne = await derivation(watcher.registrationId, { forumId: null }, ['LIVE', 'VENUE'])
    const ama = await derivation(watcher.registrationId, { forumId: null }, ALL)
    const cn = await issueCertificate(db, { ruleId: classOneRuleId, registrationId: watcher.registrationId, now: AFTER, keys })
    const pars = await issueCertificate(db, { ruleId: amaRuleId, registrationId: watcher.registrationId, now: AFTER, keys })
    expect(cn).toMatchObject({ status: 'issued', credits: 4 })
    expect(pars).toMatchObject({ status: 'issued', credits: 2.5 })
    const stored = await db.certificate.findMany({ where: { registrationId: watcher.registrationId }, select: { id: true, ruleId: true, code: true, credits: true, criteria: true } })
    const snapshotOf = (ruleId: string) => stored.find((c) => c.ruleId === ruleId)!.criteria as unknown as CreditSnapshot
    // The figure at issue is the derivation's, and so is its breakdown.
    expect([snapshotOf(classOneRuleId).result.attendedMinutes, snapshotOf(classOneRuleId).result.scheduledMinutes]).toEqual([classOne.attended, classOne.offered])
    expect(snapshotOf(classOneRuleId).credited?.forums).toEqual(classOne.forums)
    expect(snapshotOf(amaRuleId).result.attendedMinutes).toBe(ama.attended)
    for (const c of stored) expect((await verifyCertificate(db, c.code, keys, AFTER)).certificate?.credits).toBe(c.credits)
    const { transcript } = await getTranscript(db, watcher.userId, 2027)
    expect(transcript.totals).toMatchObject({ CN_CME_CLASS_I: 4, AMA_PRA_CAT1: 2.5 })

    const report = new ExcelJS.Workbook()
    await report.xlsx.load((await exportChinaProjectReport(db, eventId, AFTER)).body as never)
    const trainees = report.getWorksheet('学员名单')!
    const header = (trainees.getRow(1).values as unknown[]).map(String)
    const minutesByName = new Map<string, unknown>()
    trainees.eachRow((row, i) => i > 1 && minutesByName.set(String(row.getCell(1).value), (row.values as unknown[])[header.indexOf('计入学分的参加分钟')]))
    expect(minutesByName.get('John Doe')).toBe(Math.floor(classOne.attended))
    expect(minutesByName.get('王芳')).toBe(Math.floor((await derivation(scanned.registrationId, { forumId: null }, ['LIVE', 'VENUE'])).attended))

    const parsBook = new ExcelJS.Workbook()
    await parsBook.xlsx.load((await exportParsLearners(db, eventId)).body as never)
    const learner = parsBook.getWorksheet('Learners')!.getRow(2).values as unknown[]
    expect(learner.slice(1, 3)).toEqual(['John', 'Doe'])
    expect(learner[7]).toBe(2.5)
  })
})

describe('staff correct the times', () => {
  test('a correction is audited, recomputed at once, and flags issued certificates without changing them', async () => {
    const before = await db.certificate.findMany({ where: { registrationId: watcher.registrationId }, orderBy: { id: 'asc' }, select: { id: true, credits: true, code: true } })
    // Staff: the main forum really started at 09:05 (the stream came late), with no pause worth removing.
    await confirmForumTimes(db, mainId, { intent: 'confirm', start: '2027-05-10T09:05', end: '2027-05-10T12:25', pauses: [] }, staff, AFTER)
    const audit = await db.auditLog.findFirst({ where: { type: 'forum.actual_times' }, orderBy: { createdAt: 'desc' } })
    expect(audit?.data).toMatchObject({ forumId: mainId, before: null, after: { start: T('09:05').toISOString(), end: T('12:25').toISOString(), pauses: [] } })

    const main = await derivation(watcher.registrationId, { forumId: mainId })
    expect(main.forums[0]).toMatchObject({ basis: 'CONFIRMED', offered: 185 })
    // Analytics were re-derived in the widened window at once.
    const { attendees } = await getForumAttendance(db, mainId, AFTER)
    expect(attendees.find((a) => a.registrationId === watcher.registrationId)!.creditedMinutes).toBe(roundMinutes(main.forums[0]!.attended))
    expect(attendees.find((a) => a.registrationId === scanned.registrationId)!.creditedMinutes).toBe(roundMinutes((await derivation(scanned.registrationId, { forumId: mainId })).forums[0]!.attended))

    const review = await reviewCertificatesForForum(db, mainId, staff, AFTER)
    expect(review).toEqual({ checked: 2, flagged: 2 })
    const after = await db.certificate.findMany({
      where: { registrationId: watcher.registrationId },
      orderBy: { id: 'asc' },
      select: { id: true, credits: true, code: true, reviewReason: true, status: true },
    })
    expect(after.map((c) => [c.id, c.credits, c.code, c.status])).toEqual(before.map((c) => [c.id, c.credits, c.code, 'VALID']))
    expect(after.every((c) => c.reviewReason === 'forum_times_changed')).toBe(true)
    expect(await db.auditLog.count({ where: { type: 'certificate.flagged_for_review' } })).toBeGreaterThanOrEqual(2)
    // Flagged once: a second review does not flag again.
    expect(await reviewCertificatesForForum(db, mainId, staff, AFTER)).toEqual({ checked: 0, flagged: 0 })
  })

  test('times that make no sense are refused with a field, and nothing is written', async () => {
    await expect(confirmForumTimes(db, subId, { intent: 'confirm', start: '2027-05-10T12:00', end: '2027-05-10T09:00', pauses: [] }, staff, AFTER)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { end: 'forumTimes.problem.end_before_start' } },
    })
    await expect(
      confirmForumTimes(db, subId, { intent: 'confirm', start: '2027-05-10T09:00', end: '2027-05-10T12:00', pauses: [{ start: '2027-05-10T11:50', end: '2027-05-10T12:10' }] }, staff, AFTER),
    ).rejects.toMatchObject({ details: { fields: { pauses: 'forumTimes.problem.pause_outside' } } })
    expect(await db.forumActualTimes.count({ where: { forumId: subId } })).toBe(0)
  })
})

describe('the demo shows one figure', () => {
  test('the archived training: 175 credited minutes on staff analytics, the credits page and the China report; 190 online, labelled as such', async () => {
    const { seedDemoCredits, DEMO_CREDITS_EVENT } = await import('../../prisma/demo-credits.ts')
    // Other test files may seed the demo into the same database: the seed is idempotent, and so is this.
    const user = await db.user.upsert({ where: { email: 'attendee@demo.cme-forum.org' }, update: {}, create: { email: 'attendee@demo.cme-forum.org', passwordHash: 'x', realName: '陈静' } })
    await seedDemoCredits(db)
    const event = await db.event.findUniqueOrThrow({ where: { slug: DEMO_CREDITS_EVENT }, select: { id: true, forums: { select: { id: true } } } })
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId: user.id }, select: { id: true } })
    const forumId = event.forums[0]!.id
    await deriveForumAttendance(db, forumId, { now: AFTER, full: true })
    const row = (await getForumAttendance(db, forumId, AFTER)).attendees.find((a) => a.registrationId === registration.id)
    expect([row!.creditedMinutes, row!.minutes]).toEqual([175, 190])
    const mine = (await getMyCredits(db, user.id, AFTER)).events.find((e) => e.registrationId === registration.id)!.rules[0]!
    expect(mine.explanation.find((p) => p.key === 'ratio')).toMatchObject({ attended: 175, scheduled: 180, percent: 97 })
    const report = new ExcelJS.Workbook()
    await report.xlsx.load((await exportChinaProjectReport(db, event.id, AFTER)).body as never)
    const trainees = report.getWorksheet('学员名单')!
    const header = (trainees.getRow(1).values as unknown[]).map(String)
    const minutes = new Map<string, unknown>()
    trainees.eachRow((r, i) => i > 1 && minutes.set(String(r.getCell(1).value), (r.values as unknown[])[header.indexOf('计入学分的参加分钟')]))
    expect(minutes.get('陈静')).toBe(175)
  })
})
