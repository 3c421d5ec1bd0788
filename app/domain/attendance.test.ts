import { describe, expect, test } from 'vitest'
import {
  attendedMinutes,
  deriveIntervals,
  parseInstant,
  type AttendanceOptions,
  type AttendanceSession,
  type AttendanceSource,
  type ForumWindow,
  type Interval,
  type LedgerEvent,
} from './attendance.ts'

// Times are UTC on one day; 'hh:mm', 'hh:mm:ss' or 'hh:mm:ss.sss'.
const DAY = '2026-08-10'
const t = (time: string) => {
  const full = time.length === 5 ? `${time}:00` : time
  return `${DAY}T${full}${full.includes('.') ? '' : '.000'}Z`
}
const ms = (time: string) => Date.parse(t(time))
const iso = (epochMs: number) => new Date(epochMs).toISOString()

const sourceOf = (kind: LedgerEvent['kind']): AttendanceSource => (kind.startsWith('VENUE_') ? 'VENUE' : kind === 'REPLAY_PROGRESS' ? 'REPLAY' : 'LIVE')
const ev = (kind: LedgerEvent['kind'], time: string, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
  kind,
  at: t(time),
  source: sourceOf(kind),
  forumId: 'main',
  ...extra,
})
/** HEARTBEATs every `everySec` after `from`, up to and including `to`. */
const beats = (from: string, to: string, forumId = 'main', everySec = 30): LedgerEvent[] => {
  const out: LedgerEvent[] = []
  for (let x = ms(from) + everySec * 1000; x <= ms(to); x += everySec * 1000) out.push({ kind: 'HEARTBEAT', at: iso(x), source: 'LIVE', forumId })
  return out
}
/** An attentive viewer: JOIN, a heartbeat every 30 s, LEAVE. */
const watch = (from: string, to: string, forumId = 'main'): LedgerEvent[] => [ev('JOIN', from, { forumId }), ...beats(from, to, forumId), ev('LEAVE', to, { forumId })]
const prompt = (time: string, promptId: string) => ev('PRESENCE_PROMPT', time, { promptId })
const ack = (time: string, promptId: string) => ev('PRESENCE_ACK', time, { promptId })
const replay = (mediaFromSec: number | undefined, mediaToSec: number | undefined, forumId = 'main'): LedgerEvent => ({
  kind: 'REPLAY_PROGRESS',
  at: t('20:00'),
  source: 'REPLAY',
  forumId,
  mediaFromSec,
  mediaToSec,
})

const main: ForumWindow = { forumId: 'main', start: t('09:00'), end: t('12:00') }
const subA: ForumWindow = { forumId: 'sub-a', start: t('13:00'), end: t('16:00') }
const subB: ForumWindow = { forumId: 'sub-b', start: t('13:00'), end: t('16:00') }
const options: AttendanceOptions = { heartbeatSec: 30, graceSec: 90, presenceTimeoutSec: 60 }

/** 'main LIVE 09:00:00–09:10:15', with milliseconds only when there are some. */
const show = (intervals: Interval[]) => intervals.map((i) => `${i.forumId} ${i.source} ${clock(i.start)}–${clock(i.end)}`)
const clock = (s: string) => s.slice(11, 23).replace(/\.000$/, '')
const derive = (events: LedgerEvent[], windows: ForumWindow[] = [main], opts: AttendanceOptions = options) => show(deriveIntervals(events, windows, opts))

describe('deriveIntervals: LIVE', () => {
  test.each<[string, LedgerEvent[], string[]]>([
    ['a join, heartbeats and a leave make one interval', watch('09:00', '09:10:15'), ['main LIVE 09:00:00–09:10:15']],
    [
      'merges a rejoin within the grace period',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ev('JOIN', '09:11'), ...beats('09:11', '09:20'), ev('LEAVE', '09:20')],
      ['main LIVE 09:00:00–09:20:00'],
    ],
    [
      'splits a rejoin beyond the grace period at the last activity',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ev('JOIN', '09:15'), ...beats('09:15', '09:20'), ev('LEAVE', '09:20')],
      ['main LIVE 09:00:00–09:10:00', 'main LIVE 09:15:00–09:20:00'],
    ],
    [
      'a rejoin after an explicit leave starts a new interval, even within the grace period',
      [...watch('09:00', '09:10'), ...watch('09:10:30', '09:20')],
      ['main LIVE 09:00:00–09:10:00', 'main LIVE 09:10:30–09:20:00'],
    ],
    [
      'missed heartbeats close at the last one, and heartbeats that resume never reopen',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ...beats('09:15', '09:30'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:10:00'],
    ],
    [
      'a heartbeat exactly graceSec after the last activity keeps the interval open',
      [ev('JOIN', '09:00'), ev('HEARTBEAT', '09:01:30'), ev('HEARTBEAT', '09:03:00'), ev('LEAVE', '09:03:30')],
      ['main LIVE 09:00:00–09:03:30'],
    ],
    [
      'a heartbeat one millisecond past graceSec closes at the last activity',
      [ev('JOIN', '09:00'), ev('HEARTBEAT', '09:01:00'), ev('HEARTBEAT', '09:02:30.001'), ev('LEAVE', '09:03')],
      ['main LIVE 09:00:00–09:01:00'],
    ],
    ['a silence before a leave closes at the last activity, not at the leave', [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ev('LEAVE', '09:30')], ['main LIVE 09:00:00–09:10:00']],
    [
      'away and back leave a gap, and heartbeats while away do not count',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ev('AWAY', '09:10:10'), ...beats('09:10:10', '09:15'), ev('BACK', '09:15:10'), ...beats('09:15:10', '09:20'), ev('LEAVE', '09:20')],
      ['main LIVE 09:00:00–09:10:10', 'main LIVE 09:15:10–09:20:00'],
    ],
    ['a BACK opens an interval without a JOIN', [ev('BACK', '09:30'), ...beats('09:30', '09:40'), ev('LEAVE', '09:40')], ['main LIVE 09:30:00–09:40:00']],
    ['a second JOIN while open is only activity', [ev('JOIN', '09:00'), ev('JOIN', '09:01'), ev('LEAVE', '09:02')], ['main LIVE 09:00:00–09:02:00']],
    ['a LEAVE or AWAY while closed changes nothing', [ev('LEAVE', '09:00'), ev('AWAY', '09:01'), ev('JOIN', '09:02'), ev('LEAVE', '09:03')], ['main LIVE 09:02:00–09:03:00']],
    ['heartbeats without a JOIN are not attendance', beats('09:00', '09:30'), []],
    [
      'an answered prompt keeps the interval whole',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:20'), prompt('09:10:05', 'p1'), ack('09:10:40', 'p1'), ev('LEAVE', '09:20')],
      ['main LIVE 09:00:00–09:20:00'],
    ],
    [
      'a missed prompt closes at the prompt, and the heartbeats after it do not count',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:30'), prompt('09:10:05', 'p1'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:10:05'],
    ],
    [
      'a late answer reopens at the answer',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:30'), prompt('09:10:05', 'p1'), ack('09:12', 'p1'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:10:05', 'main LIVE 09:12:00–09:30:00'],
    ],
    [
      'an answer exactly presenceTimeoutSec after the prompt is in time',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:30'), prompt('09:10', 'p1'), ack('09:11', 'p1'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:30:00'],
    ],
    [
      'with two prompts outstanding, answering one does not answer the other, but it reopens',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:30'), prompt('09:10', 'a'), prompt('09:10:30', 'b'), ack('09:10:45', 'b'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:10:00', 'main LIVE 09:10:45–09:30:00'],
    ],
    [
      'an answer given before its prompt does not answer it',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:30'), ack('09:09:50', 'p1'), prompt('09:10', 'p1'), ev('LEAVE', '09:30')],
      ['main LIVE 09:00:00–09:10:00'],
    ],
    [
      'a prompt while closed changes nothing, and its answer opens',
      [...watch('09:00', '09:05'), prompt('09:10', 'p1'), ack('09:10:20', 'p1'), ...beats('09:10:20', '09:20'), ev('LEAVE', '09:20')],
      ['main LIVE 09:00:00–09:05:00', 'main LIVE 09:10:20–09:20:00'],
    ],
    [
      'a LEAVE between a missed prompt and its timeout still closes at the prompt',
      [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), prompt('09:10', 'p1'), ev('LEAVE', '09:10:30')],
      ['main LIVE 09:00:00–09:10:00'],
    ],
    ['still watching at the end: closes at the window end', [ev('JOIN', '11:50'), ...beats('11:50', '11:59')], ['main LIVE 11:50:00–12:00:00']],
    ['last activity exactly graceSec before the window end still runs to the end', [ev('JOIN', '11:57'), ev('HEARTBEAT', '11:58:30')], ['main LIVE 11:57:00–12:00:00']],
    ['dropped off long before the end: closes at the last activity', [ev('JOIN', '11:00'), ...beats('11:00', '11:30')], ['main LIVE 11:00:00–11:30:00']],
    ['a JOIN with nothing after it closes at the JOIN and covers nothing', [ev('JOIN', '10:00')], []],
  ])('%s', (_name, events, expected) => {
    expect(derive(events)).toEqual(expected)
  })

  test.each([
    [90, ['main LIVE 09:00:00–09:10:00']],
    [299, ['main LIVE 09:00:00–09:10:00']],
    [300, ['main LIVE 09:00:00–09:20:00']],
  ])('with graceSec %i a five-minute gap in heartbeats gives %j', (graceSec, expected) => {
    // Heartbeats stop at 09:10:00 and resume at 09:15:00, with no JOIN in between.
    const events = [ev('JOIN', '09:00'), ...beats('09:00', '09:10'), ...beats('09:14:30', '09:20'), ev('LEAVE', '09:20')]
    expect(derive(events, [main], { ...options, graceSec })).toEqual(expected)
  })
})

describe('deriveIntervals: VENUE', () => {
  test.each<[string, LedgerEvent[], string[]]>([
    ['an entry and an exit make one stay', [ev('VENUE_ENTRY', '09:05'), ev('VENUE_EXIT', '10:30')], ['main VENUE 09:05:00–10:30:00']],
    ['a venue stay with no exit closes at the window end', [ev('VENUE_ENTRY', '10:00')], ['main VENUE 10:00:00–12:00:00']],
    [
      'stepping out and back in makes two stays',
      [ev('VENUE_ENTRY', '09:00'), ev('VENUE_EXIT', '10:00'), ev('VENUE_ENTRY', '10:30'), ev('VENUE_EXIT', '11:00')],
      ['main VENUE 09:00:00–10:00:00', 'main VENUE 10:30:00–11:00:00'],
    ],
    ['a second entry scan while inside keeps the first', [ev('VENUE_ENTRY', '09:00'), ev('VENUE_ENTRY', '09:30'), ev('VENUE_EXIT', '10:00')], ['main VENUE 09:00:00–10:00:00']],
    ['an exit with no entry before it is ignored', [ev('VENUE_EXIT', '09:30'), ev('VENUE_ENTRY', '10:00'), ev('VENUE_EXIT', '10:30')], ['main VENUE 10:00:00–10:30:00']],
    ['an entry before the forum opens counts from the window start', [ev('VENUE_ENTRY', '08:30'), ev('VENUE_EXIT', '09:30')], ['main VENUE 09:00:00–09:30:00']],
    ['an entry after the forum closed, with no exit, covers nothing', [ev('VENUE_ENTRY', '12:30')], []],
    ['no silence rule: a stay needs no heartbeats', [ev('VENUE_ENTRY', '09:00'), ev('VENUE_EXIT', '11:00')], ['main VENUE 09:00:00–11:00:00']],
  ])('%s', (_name, events, expected) => {
    expect(derive(events)).toEqual(expected)
  })
})

describe('deriveIntervals: REPLAY', () => {
  test.each<[string, LedgerEvent[], string[]]>([
    ['media time maps onto the forum timeline from the window start', [replay(600, 1200)], ['main REPLAY 09:10:00–09:20:00']],
    ['re-watching the same part counts once', [replay(0, 600), replay(300, 900), replay(0, 600)], ['main REPLAY 09:00:00–09:15:00']],
    ['consecutive progress reports join into one interval', [replay(0, 30), replay(30, 60), replay(60, 90)], ['main REPLAY 09:00:00–09:01:30']],
    ['skipping ahead leaves a gap', [replay(0, 300), replay(1200, 1500)], ['main REPLAY 09:00:00–09:05:00', 'main REPLAY 09:20:00–09:25:00']],
    ['watching out of media order is still one union', [replay(600, 900), replay(0, 300), replay(300, 600)], ['main REPLAY 09:00:00–09:15:00']],
    ["media time past the forum's length is clipped to the window", [replay(10_500, 11_400)], ['main REPLAY 11:55:00–12:00:00']],
    ['a range that ends before it starts, or lacks a bound, is ignored', [replay(300, 200), replay(100, undefined), replay(Number.NaN, 50)], []],
    ['fractional seconds round to the millisecond', [replay(0.0004, 1.5)], ['main REPLAY 09:00:00–09:00:01.500']],
  ])('%s', (_name, events, expected) => {
    expect(derive(events)).toEqual(expected)
  })

  test("each forum's replay starts at its own window start", () => {
    expect(derive([replay(0, 600, 'sub-a'), replay(0, 600)], [main, subA])).toEqual(['main REPLAY 09:00:00–09:10:00', 'sub-a REPLAY 13:00:00–13:10:00'])
  })
})

describe('deriveIntervals: across sources, forums and input', () => {
  test('two sources overlapping stay separate', () => {
    expect(derive([...watch('09:00', '10:00'), ev('VENUE_ENTRY', '09:30'), ev('VENUE_EXIT', '11:00')])).toEqual(['main LIVE 09:00:00–10:00:00', 'main VENUE 09:30:00–11:00:00'])
  })

  test('touching intervals of one source merge', () => {
    expect(derive([...watch('09:00', '09:30'), ...watch('09:30', '10:00')])).toEqual(['main LIVE 09:00:00–10:00:00'])
  })

  test('a JOIN and a LEAVE at the same instant leave nothing', () => {
    expect(derive([ev('JOIN', '09:30'), ev('LEAVE', '09:30')])).toEqual([])
  })

  test('clamps intervals to the forum window and drops those outside it', () => {
    expect(derive([...watch('08:00', '08:30'), ...watch('08:50', '09:10'), ...watch('11:50', '12:10')])).toEqual(['main LIVE 09:00:00–09:10:00', 'main LIVE 11:50:00–12:00:00'])
  })

  test('multiple forums come out sorted by forum, then source, then start', () => {
    const events = [
      ev('VENUE_ENTRY', '13:00', { forumId: 'sub-b' }),
      ...watch('14:00', '14:30', 'sub-a'),
      replay(0, 60),
      ...watch('10:00', '10:30'),
      ...watch('09:00', '09:30'),
      ev('VENUE_ENTRY', '11:00'),
    ]
    expect(derive(events, [subB, subA, main])).toEqual([
      'main LIVE 09:00:00–09:30:00',
      'main LIVE 10:00:00–10:30:00',
      'main REPLAY 09:00:00–09:01:00',
      'main VENUE 11:00:00–12:00:00',
      'sub-a LIVE 14:00:00–14:30:00',
      'sub-b VENUE 13:00:00–16:00:00',
    ])
  })

  test('each forum runs its own LIVE state machine: heartbeats in one do not keep the other open', () => {
    const events = [ev('JOIN', '13:00', { forumId: 'sub-a' }), ...watch('13:00', '14:00', 'sub-b')]
    expect(derive(events, [subA, subB])).toEqual(['sub-b LIVE 13:00:00–14:00:00'])
  })

  test('events out of order give the same intervals as in order', () => {
    const inOrder = [
      ...watch('09:00', '09:40'),
      prompt('09:20', 'p1'),
      ack('09:20:30', 'p1'),
      ev('JOIN', '10:00'),
      ...beats('10:00', '10:30'),
      prompt('10:15', 'p2'),
      ev('BACK', '10:20'),
      ev('AWAY', '10:30'),
      ev('VENUE_ENTRY', '11:00'),
      replay(900, 1800),
      replay(0, 1200),
    ].sort((a, b) => a.at.localeCompare(b.at))
    const expected = ['main LIVE 09:00:00–09:40:00', 'main LIVE 10:00:00–10:15:00', 'main LIVE 10:20:00–10:30:00', 'main REPLAY 09:00:00–09:30:00', 'main VENUE 11:00:00–12:00:00']
    expect(derive(inOrder)).toEqual(expected)
    const shuffled = inOrder
      .map((e, i) => [(i * 7919) % 101, e] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, e]) => e)
    expect(shuffled).not.toEqual(inOrder)
    expect(derive(shuffled)).toEqual(expected)
    expect(derive([...inOrder].reverse())).toEqual(expected)
  })

  test('events at the same instant keep their ledger order', () => {
    expect(derive([...watch('09:00', '09:30'), ev('LEAVE', '09:45'), ev('JOIN', '09:45'), ev('LEAVE', '09:46')])).toEqual(['main LIVE 09:00:00–09:30:00', 'main LIVE 09:45:00–09:46:00'])
    expect(derive([ev('JOIN', '09:45'), ev('LEAVE', '09:45'), ev('LEAVE', '09:46')])).toEqual([])
    // Out of order overall, so the events are sorted: the tie still keeps ledger order.
    expect(derive([ev('JOIN', '09:45'), ev('LEAVE', '09:46'), ev('LEAVE', '09:45')])).toEqual([])
    expect(derive([ev('LEAVE', '09:45'), ev('LEAVE', '09:46'), ev('JOIN', '09:45')])).toEqual(['main LIVE 09:45:00–09:46:00'])
  })

  test.each<[string, LedgerEvent[], ForumWindow[]]>([
    ['no events', [], [main]],
    ['no windows', watch('09:00', '10:00'), []],
    ['events only for a forum without a window', watch('09:00', '10:00', 'elsewhere'), [main]],
    ['a window whose end is not after its start', watch('09:00', '10:00'), [{ forumId: 'main', start: t('12:00'), end: t('09:00') }]],
    ['a window with an unreadable time', watch('09:00', '10:00'), [{ forumId: 'main', start: 'soon', end: t('12:00') }]],
  ])('%s gives no intervals', (_name, events, windows) => {
    expect(deriveIntervals(events, windows, options)).toEqual([])
  })

  test('events whose time cannot be read, or has no zone, are ignored', () => {
    const events = [...watch('09:00', '09:10'), { ...ev('LEAVE', '09:05'), at: 'yesterday' }, { ...ev('LEAVE', '09:05'), at: '2026-08-10T09:05:00' }]
    expect(derive(events)).toEqual(['main LIVE 09:00:00–09:10:00'])
  })

  test('a kind sent under the wrong source is ignored', () => {
    expect(
      derive([
        { ...ev('VENUE_ENTRY', '09:00'), source: 'LIVE' },
        { ...ev('JOIN', '09:00'), source: 'VENUE' },
      ]),
    ).toEqual([])
  })

  test('the first window of a forum counts', () => {
    expect(derive([ev('VENUE_ENTRY', '10:00')], [main, { forumId: 'main', start: t('09:00'), end: t('18:00') }])).toEqual(['main VENUE 10:00:00–12:00:00'])
  })

  test('instants with a zone offset are the same instants; output is UTC', () => {
    const events: LedgerEvent[] = [
      { kind: 'JOIN', at: '2026-08-10T17:00:00+08:00', source: 'LIVE', forumId: 'main' },
      { kind: 'HEARTBEAT', at: '2026-08-10T09:00:30Z', source: 'LIVE', forumId: 'main' },
      { kind: 'LEAVE', at: '2026-08-10T11:01:00+02:00', source: 'LIVE', forumId: 'main' },
    ]
    expect(deriveIntervals(events, [{ forumId: 'main', start: '2026-08-10T17:00:00+08:00', end: '2026-08-10T20:00:00+08:00' }], options)).toEqual([
      { forumId: 'main', source: 'LIVE', start: '2026-08-10T09:00:00.000Z', end: '2026-08-10T09:01:00.000Z' },
    ])
  })

  test("leaves the caller's events and windows as they were", () => {
    const events = Object.freeze([...watch('09:30', '09:40'), ...watch('09:00', '09:10')].map((e) => Object.freeze(e)))
    const windows = Object.freeze([Object.freeze({ ...main })])
    const before = JSON.stringify(events)
    expect(derive(events as LedgerEvent[], windows as ForumWindow[])).toEqual(['main LIVE 09:00:00–09:10:00', 'main LIVE 09:30:00–09:40:00'])
    expect(JSON.stringify(events)).toBe(before)
  })
})

describe('parseInstant', () => {
  test.each([
    ['2026-08-10T09:00:00.000Z', Date.UTC(2026, 7, 10, 9)],
    ['2026-08-10T09:00:00Z', Date.UTC(2026, 7, 10, 9)],
    ['2026-08-10T09:00Z', Date.UTC(2026, 7, 10, 9)],
    ['2026-08-10T17:00:00.250+08:00', Date.UTC(2026, 7, 10, 9, 0, 0, 250)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['2026-02-30T00:00:00.000Z', Date.parse('2026-02-30T00:00:00.000Z')],
    ['2026-08-10T24:00:00.000Z', Date.parse('2026-08-10T24:00:00.000Z')],
    ['2026-08-10T09:00:00', Number.NaN],
    ['2026-08-10', Number.NaN],
    ['2026-13-10T09:00:00.000Z', Number.NaN],
    ['2026-08-1xT09:00:00.000Z', Number.NaN],
    ['', Number.NaN],
  ])('%s is %d', (input, expected) => {
    expect(parseInstant(input)).toBe(expected)
  })

  test('reads every toISOString() instant back to the same millisecond, across leap years and centuries', () => {
    let x = 12345
    const from = Date.UTC(1899, 0, 1)
    const span = Date.UTC(2401, 0, 1) - from
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      const instant = from + Math.floor((x / 2147483648) * span)
      expect(parseInstant(new Date(instant).toISOString())).toBe(instant)
    }
  })
})

describe('attendedMinutes', () => {
  const iv = (forumId: string, source: AttendanceSource, from: string, to: string): Interval => ({ forumId, source, start: t(from), end: t(to) })
  const session = (id: string, forumId: string, from: string, to: string, isBreak?: boolean): AttendanceSession => ({
    id,
    forumId,
    start: t(from),
    end: t(to),
    ...(isBreak === undefined ? {} : { isBreak }),
  })
  // Main forum all morning with a coffee break; a sub-forum in parallel with part of it.
  const sessions = [session('m1', 'main', '09:00', '10:00'), session('m2', 'main', '10:00', '10:30', true), session('m3', 'main', '10:30', '12:00'), session('s1', 'sub', '10:00', '11:00')]
  const LIVE_AND_VENUE: AttendanceSource[] = ['LIVE', 'VENUE']

  test.each<[string, Interval[], AttendanceSource[], Record<string, number>]>([
    ['counts the part of an interval inside the session', [iv('main', 'LIVE', '09:15', '09:45')], ['LIVE'], { m1: 30, m2: 0, m3: 0, s1: 0 }],
    ['clips an interval to each session it crosses', [iv('main', 'LIVE', '08:30', '10:45')], ['LIVE'], { m1: 60, m2: 0, m3: 15, s1: 0 }],
    ['breaks count zero even when attended', [iv('main', 'VENUE', '09:00', '12:00')], LIVE_AND_VENUE, { m1: 60, m2: 0, m3: 90, s1: 0 }],
    ['adds separate intervals within one session', [iv('main', 'LIVE', '09:00', '09:10'), iv('main', 'LIVE', '09:20', '09:30')], ['LIVE'], { m1: 20, m2: 0, m3: 0, s1: 0 }],
    ['overlapping sources count once', [iv('main', 'LIVE', '09:00', '09:40'), iv('main', 'VENUE', '09:20', '10:00')], LIVE_AND_VENUE, { m1: 60, m2: 0, m3: 0, s1: 0 }],
    ['only the allowed sources count', [iv('main', 'LIVE', '09:00', '09:30'), iv('main', 'REPLAY', '09:00', '10:00')], ['LIVE'], { m1: 30, m2: 0, m3: 0, s1: 0 }],
    ['a replay rule counts replay only', [iv('main', 'LIVE', '09:00', '09:30'), iv('main', 'REPLAY', '09:00', '10:00')], ['REPLAY'], { m1: 60, m2: 0, m3: 0, s1: 0 }],
    ['no allowed sources count nothing', [iv('main', 'LIVE', '09:00', '12:00')], [], { m1: 0, m2: 0, m3: 0, s1: 0 }],
    ['parallel forums: a session counts only its own forum', [iv('main', 'LIVE', '10:30', '11:00'), iv('sub', 'LIVE', '10:00', '10:30')], ['LIVE'], { m1: 0, m2: 0, m3: 30, s1: 30 }],
    ['seconds give fractional minutes', [iv('main', 'LIVE', '09:00', '09:00:30')], ['LIVE'], { m1: 0.5, m2: 0, m3: 0, s1: 0 }],
    ['every session gets an entry, 0 with no intervals', [], LIVE_AND_VENUE, { m1: 0, m2: 0, m3: 0, s1: 0 }],
    [
      'intervals in any order give the same minutes',
      [iv('main', 'LIVE', '11:00', '11:30'), iv('main', 'VENUE', '09:00', '09:15'), iv('main', 'LIVE', '09:10', '09:20'), iv('main', 'LIVE', '10:15', '10:45')],
      LIVE_AND_VENUE,
      { m1: 20, m2: 0, m3: 45, s1: 0 },
    ],
    ['an interval whose end is not after its start covers nothing', [iv('main', 'LIVE', '09:30', '09:00')], ['LIVE'], { m1: 0, m2: 0, m3: 0, s1: 0 }],
  ])('%s', (_name, intervals, sources, expected) => {
    expect(attendedMinutes(intervals, sessions, sources)).toEqual(expected)
  })

  test('a session whose end is not after its start covers nothing', () => {
    expect(attendedMinutes([iv('main', 'LIVE', '09:00', '12:00')], [session('odd', 'main', '10:00', '09:00')], ['LIVE'])).toEqual({ odd: 0 })
  })

  test('a morning at the summit: derive the intervals, then the minutes per session', () => {
    const events = [
      ev('JOIN', '09:00'),
      ...beats('09:00', '10:45'),
      prompt('09:40', 'p1'), // missed: the player kept heartbeating, nobody tapped
      ev('BACK', '09:50'),
      ev('AWAY', '10:45'), // closed the laptop and walked into the hall
      ev('VENUE_ENTRY', '10:45'), // and never scanned out
      replay(0, 1800), // that evening, the first half hour again
    ]
    const intervals = deriveIntervals(events, [main], options)
    expect(show(intervals)).toEqual(['main LIVE 09:00:00–09:40:00', 'main LIVE 09:50:00–10:45:00', 'main REPLAY 09:00:00–09:30:00', 'main VENUE 10:45:00–12:00:00'])
    const mainSessions = sessions.filter((s) => s.forumId === 'main')
    expect(attendedMinutes(intervals, mainSessions, ['LIVE', 'VENUE'])).toEqual({ m1: 50, m2: 0, m3: 90 })
    expect(attendedMinutes(intervals, mainSessions, ['LIVE'])).toEqual({ m1: 50, m2: 0, m3: 15 })
    expect(attendedMinutes(intervals, mainSessions, ['REPLAY'])).toEqual({ m1: 30, m2: 0, m3: 0 })
  })
})
