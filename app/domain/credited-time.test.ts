import { describe, expect, test } from 'vitest'
import type { AttendanceSource, Interval, LedgerEvent } from './attendance.ts'
import { computeCredits } from './credits.ts'
import {
  actualTimesProblem,
  countingWindow,
  creditedMinutes,
  creditedSessions,
  deriveCreditedAttendance,
  forumRun,
  runFromLiveLog,
  type CreditedForum,
  type LiveStatusChange,
  type ScheduledSession,
  type TimeSpan,
} from './credited-time.ts'

// One morning in Shanghai; `t('09:07')` is 09:07 on 2026-08-10, as an instant.
const t = (hhmm: string) => new Date(`2026-08-10T${hhmm}:00+08:00`).toISOString()
const span = (a: string, b: string): TimeSpan => ({ start: t(a), end: t(b) })
const change = (to: LiveStatusChange['to'], at: string): LiveStatusChange => ({ to, at: t(at) })
const iv = (forumId: string, a: string, b: string, source: AttendanceSource = 'LIVE'): Interval => ({ forumId, source, start: t(a), end: t(b) })

// A forum scheduled 09:00–12:00: talk, coffee break, talk.
const schedule = span('09:00', '12:00')
const programme: ScheduledSession[] = [
  { id: 'talk1', start: t('09:00'), end: t('10:30'), isBreak: false },
  { id: 'coffee', start: t('10:30'), end: t('10:45'), isBreak: true },
  { id: 'talk2', start: t('10:45'), end: t('12:00'), isBreak: false },
]
const windowsOf = (changes: LiveStatusChange[], now = '23:00') =>
  Object.fromEntries(
    creditedSessions('f', schedule, programme, forumRun({ schedule, changes, confirmed: null, now: t(now) })).map((s) => [
      s.id,
      s.windows.map((w) => `${w.start.slice(11, 16)}–${w.end.slice(11, 16)}`),
    ]),
  )

describe('forums as they really ran: credited windows per session (UTC in the table, Shanghai is +8)', () => {
  test.each([
    ['never live: the schedule', [], { talk1: ['01:00–02:30'], coffee: ['02:30–02:45'], talk2: ['02:45–04:00'] }],
    ['on time', [change('LIVE', '09:00'), change('ENDED', '12:00')], { talk1: ['01:00–02:30'], coffee: ['02:30–02:45'], talk2: ['02:45–04:00'] }],
    ['late start: everything moves by the delay', [change('LIVE', '09:20'), change('ENDED', '12:20')], { talk1: ['01:20–02:50'], coffee: ['02:50–03:05'], talk2: ['03:05–04:20'] }],
    ['late start, ended on time: the last talk is cut', [change('LIVE', '09:20'), change('ENDED', '12:00')], { talk1: ['01:20–02:50'], coffee: ['02:50–03:05'], talk2: ['03:05–04:00'] }],
    ['overrun: the last talk runs on', [change('LIVE', '09:00'), change('ENDED', '12:25')], { talk1: ['01:00–02:30'], coffee: ['02:30–02:45'], talk2: ['02:45–04:25'] }],
    [
      'a pause is cut out of the talk it falls in',
      [change('LIVE', '09:00'), change('PAUSED', '09:40'), change('LIVE', '09:50'), change('ENDED', '12:00')],
      { talk1: ['01:00–01:40', '01:50–02:30'], coffee: ['02:30–02:45'], talk2: ['02:45–04:00'] },
    ],
    [
      'paused, then ended: the pause runs to the end',
      [change('LIVE', '09:00'), change('PAUSED', '11:30'), change('ENDED', '12:10')],
      { talk1: ['01:00–02:30'], coffee: ['02:30–02:45'], talk2: ['02:45–03:30'] },
    ],
    ['moved to the afternoon', [change('LIVE', '14:00'), change('ENDED', '17:00')], { talk1: ['06:00–07:30'], coffee: ['07:30–07:45'], talk2: ['07:45–09:00'] }],
    [
      'went live early at 08:00, still live when read at 23:00: moved, and the last talk runs until now',
      [change('LIVE', '08:00')],
      { talk1: ['00:00–01:30'], coffee: ['01:30–01:45'], talk2: ['01:45–15:00'] },
    ],
    ['a log in any order', [change('ENDED', '12:20'), change('LIVE', '09:20')], { talk1: ['01:20–02:50'], coffee: ['02:50–03:05'], talk2: ['03:05–04:20'] }],
  ])('%s', (_name, changes, expected) => {
    expect(windowsOf(changes as LiveStatusChange[])).toEqual(expected)
  })

  test('a forum still live runs at least until now', () => {
    const run = runFromLiveLog([change('LIVE', '09:00')], schedule, t('12:40'))
    expect(run).toEqual({ start: t('09:00'), end: t('12:40'), pauses: [] })
    expect(runFromLiveLog([change('LIVE', '09:00'), change('PAUSED', '12:30')], schedule, t('12:40'))?.pauses).toEqual([span('12:30', '12:40')])
  })

  test('staff-confirmed times win over the log, the log over the schedule', () => {
    const changes = [change('LIVE', '09:20'), change('ENDED', '12:20')]
    const confirmed = { start: t('09:10'), end: t('12:30'), pauses: [span('10:00', '10:05')] }
    expect(forumRun({ schedule, changes, confirmed, now: t('23:00') })).toEqual({ ...confirmed, basis: 'CONFIRMED' })
    expect(forumRun({ schedule, changes, confirmed: null, now: t('23:00') }).basis).toBe('LIVE_LOG')
    expect(forumRun({ schedule, changes: [], confirmed: null, now: t('23:00') })).toEqual({ start: t('09:00'), end: t('12:00'), pauses: [], basis: 'SCHEDULE' })
  })

  test('the counting window widens to confirmed times; replay media time 0 stays the stream start', () => {
    const live = { forumId: 'f', liveWindow: span('09:20', '12:20'), liveStartedAt: t('09:20') }
    expect(countingWindow(live, { start: t('09:20'), end: t('12:20'), pauses: [], basis: 'LIVE_LOG' })).toEqual({ forumId: 'f', start: t('09:20'), end: t('12:20') })
    expect(countingWindow(live, { start: t('09:05'), end: t('12:30'), pauses: [], basis: 'CONFIRMED' })).toEqual({ forumId: 'f', start: t('09:05'), end: t('12:30'), mediaStart: t('09:20') })
  })
})

/** A forum as the derivation takes it, from its live log. */
function forum(forumId: string, sched: TimeSpan, sessions: ScheduledSession[], changes: LiveStatusChange[]): CreditedForum {
  const run = forumRun({ schedule: sched, changes, confirmed: null, now: t('23:00') })
  return { forumId, window: { forumId, start: run.start, end: run.end }, run, sessions: creditedSessions(forumId, sched, sessions, run) }
}
const all: AttendanceSource[] = ['LIVE', 'VENUE', 'REPLAY']

describe('credited minutes', () => {
  test('late start: watching the forum as it ran counts in full (it used to count nothing outside the schedule)', () => {
    const f = forum('f', schedule, programme, [change('LIVE', '13:00'), change('ENDED', '16:00')])
    const result = creditedMinutes([iv('f', '13:00', '16:00')], [f], all)
    expect(result).toMatchObject({ attended: 165, offered: 165 })
    expect(result.forums).toEqual([{ forumId: 'f', attended: 165, offered: 165, present: 180, basis: 'LIVE_LOG' }])
    expect(result.sessions.map((s) => [s.id, s.attended, s.offered])).toEqual([
      ['talk1', 90, 90],
      ['coffee', 0, 0],
      ['talk2', 75, 75],
    ])
  })

  test('overrun: the extra minutes are offered and credited; present counts the break too', () => {
    const f = forum('f', schedule, programme, [change('LIVE', '09:00'), change('ENDED', '12:30')])
    expect(creditedMinutes([iv('f', '09:00', '12:30')], [f], all).forums[0]).toEqual({ forumId: 'f', attended: 195, offered: 195, present: 210, basis: 'LIVE_LOG' })
  })

  test('a pause is offered to nobody and credited to nobody', () => {
    const f = forum('f', schedule, programme, [change('LIVE', '09:00'), change('PAUSED', '09:30'), change('LIVE', '09:50'), change('ENDED', '12:00')])
    expect(creditedMinutes([iv('f', '09:00', '12:00')], [f], all)).toMatchObject({ attended: 145, offered: 145 })
  })

  test('parallel forums count once; a venue stay watched online counts once', () => {
    const a = forum('a', schedule, [{ id: 'a1', start: t('09:00'), end: t('12:00'), isBreak: false }], [])
    const b = forum('b', schedule, [{ id: 'b1', start: t('09:00'), end: t('12:00'), isBreak: false }], [change('LIVE', '09:30'), change('ENDED', '12:30')])
    const result = creditedMinutes([iv('a', '09:00', '10:00', 'VENUE'), iv('a', '09:30', '10:00'), iv('b', '09:30', '12:30')], [a, b], all)
    expect(result.forums.map((f) => [f.forumId, f.attended, f.offered])).toEqual([
      ['a', 60, 180],
      ['b', 180, 180],
    ])
    expect(result).toMatchObject({ attended: 210, offered: 210 })
  })

  test('a rule sees only its sources and its sessions', () => {
    const f = forum('f', schedule, programme, [])
    const intervals = [iv('f', '09:00', '10:00', 'REPLAY'), iv('f', '11:00', '12:00', 'VENUE')]
    expect(creditedMinutes(intervals, [f], ['LIVE', 'VENUE'])).toMatchObject({ attended: 60, offered: 165 })
    expect(creditedMinutes(intervals, [f], all, new Set(['talk1']))).toMatchObject({ attended: 60, offered: 90 })
  })

  test('computeCredits, given the credited windows, finds the same minutes', () => {
    const f = forum('f', schedule, programme, [change('LIVE', '09:20'), change('PAUSED', '10:00'), change('LIVE', '10:10'), change('ENDED', '12:40')])
    const intervals = [iv('f', '09:20', '11:00'), iv('f', '11:30', '12:40', 'VENUE')]
    const mine = creditedMinutes(intervals, [f], ['LIVE', 'VENUE'])
    const credit = computeCredits({ rule: { scheme: 'CUSTOM', mode: 'PER_HOUR', credits: 1, rounding: 'NONE', sources: ['LIVE', 'VENUE'] }, sessions: mine.creditSessions, intervals })
    expect([credit.attendedMinutes, credit.scheduledMinutes]).toEqual([mine.attended, mine.offered])
    expect(mine).toMatchObject({ attended: 150, offered: 175 })
  })

  test('from the ledger: replay ranges, venue scans and a live stream, derived in one go', () => {
    const f = forum('f', schedule, programme, [change('LIVE', '09:20'), change('ENDED', '12:20')])
    const events: LedgerEvent[] = [
      { kind: 'VENUE_ENTRY', at: t('09:00'), source: 'VENUE', forumId: 'f' },
      { kind: 'VENUE_EXIT', at: t('09:50'), source: 'VENUE', forumId: 'f' },
      { kind: 'REPLAY_PROGRESS', at: t('20:00'), source: 'REPLAY', forumId: 'f', mediaFromSec: 3600, mediaToSec: 7200 },
    ]
    const result = deriveCreditedAttendance(events, [f], { heartbeatSec: 30, graceSec: 90, presenceTimeoutSec: 120 }, all)
    // Venue 09:20–09:50 (inside the run), replay 10:20–11:20 media-mapped from the live start.
    expect(result.intervals).toEqual([iv('f', '10:20', '11:20', 'REPLAY'), iv('f', '09:20', '09:50', 'VENUE')])
    expect(result.sessions.map((s) => [s.id, s.attended])).toEqual([
      ['talk1', 60],
      ['coffee', 0],
      ['talk2', 15],
    ])
    expect(result.attended).toBe(75)
  })
})

describe('confirmed times are checked', () => {
  test.each([
    ['fine', span('09:10', '12:30'), [span('10:00', '10:05')], null],
    ['no pauses', span('09:10', '12:30'), [], null],
    ['end before start', span('12:30', '09:10'), [], 'end_before_start'],
    ['a pause outside the run', span('09:10', '12:30'), [span('12:20', '12:40')], 'pause_outside'],
    ['a pause that ends before it starts', span('09:10', '12:30'), [span('10:05', '10:00')], 'pause_outside'],
    ['overlapping pauses', span('09:10', '12:30'), [span('10:00', '10:10'), span('10:05', '10:20')], 'pauses_overlap'],
  ])('%s', (_name, run, pauses, expected) => {
    expect(actualTimesProblem({ ...run, pauses })).toBe(expected)
  })
})
