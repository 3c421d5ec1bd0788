import { describe, expect, test } from 'vitest'
import type { HlsSegment } from './hls-playlist.ts'
import {
  formatMediaTime,
  parseTrimTime,
  replayAudienceCurve,
  replayChapters,
  replayRangeToForumRanges,
  replayTimeAt,
  replayTimeline,
  replayTotals,
  replayViews,
  snapTrim,
  type AgendaSession,
} from './replay.ts'

const T0 = Date.parse('2027-03-01T01:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
/** Segments of `durations` seconds from `startMs`; `gapAfter` index → seconds of wall clock without media after it. */
function segs(durations: number[], startMs = T0, gapAfter: Record<number, number> = {}): HlsSegment[] {
  let clock = startMs
  return durations.map((duration, i) => {
    const s: HlsSegment = { uri: `seg-000-${String(i).padStart(6, '0')}.m4s`, duration, programDateTime: iso(clock), map: 'init-000.mp4', discontinuity: i > 0 && (gapAfter[i - 1] ?? 0) > 0 }
    clock += duration * 1000 + (gapAfter[i] ?? 0) * 1000
    return s
  })
}

describe('parseTrimTime reads seconds or a clock reading', () => {
  test.each([
    ['0', 0],
    ['95', 95],
    ['95.5', 95.5],
    ['1:35', 95],
    ['01:01:35', 3695],
    [' 2:00 ', 120],
    ['1:60', null],
    ['95:00', 5700],
    ['1:75:00', null],
    ['-5', null],
    ['abc', null],
    ['', null],
    ['1::2', null],
  ])('%j → %j', (text, expected) => expect(parseTrimTime(text)).toBe(expected))
})

test.each([
  [0, '00:00'],
  [59.9, '00:59'],
  [95, '01:35'],
  [3695, '1:01:35'],
])('formatMediaTime(%j) = %j', (s, text) => expect(formatMediaTime(s)).toBe(text))

describe('snapTrim cuts on segment boundaries and refuses trims outside the recording', () => {
  const five = segs([2, 2, 2, 2, 1.5]) // 9.5 s
  test.each([
    ['nothing trimmed', 0, null, { ok: true, startSeconds: 0, endSeconds: null }],
    ['start inside a segment goes down to its start', 3, null, { ok: true, startSeconds: 2, endSeconds: null }],
    ['start on a boundary stays', 4, null, { ok: true, startSeconds: 4, endSeconds: null }],
    ['end inside a segment goes up to its end', 0, 5, { ok: true, startSeconds: 0, endSeconds: 6 }],
    ['end inside the last segment is the recording end', 2.5, 9, { ok: true, startSeconds: 2, endSeconds: null }],
    ['end exactly the recording end', 0, 9.5, { ok: true, startSeconds: 0, endSeconds: null }],
    ['start past the end', 9.5, null, { ok: false, reason: 'outside' }],
    ['end past the end', 0, 12, { ok: false, reason: 'outside' }],
    ['negative start', -1, null, { ok: false, reason: 'outside' }],
    ['end before start', 6, 4, { ok: false, reason: 'empty' }],
  ])('%s', (_name, start, end, expected) => expect(snapTrim(five, start, end)).toEqual(expected))
})

describe('replayTimeAt maps wall clock to the replay timeline across gaps', () => {
  // 4 s of media, a 60 s pause, 4 s more.
  const gapped = segs([2, 2, 2, 2], T0, { 1: 60 })
  test.each([
    ['before the first segment', T0 - 5000, 0],
    ['inside the first segment', T0 + 1500, 1.5],
    ['inside the pause: the next segment', T0 + 30_000, 4],
    ['after the pause', T0 + 65_000, 5],
    ['after the end', T0 + 70_000, null],
  ])('%s', (_name, at, expected) => expect(replayTimeAt(gapped, at)).toBe(expected))
})

describe('replayChapters places agenda sessions on the replay', () => {
  const recording = segs(Array(30).fill(2)) // 01:00:00 – 01:01:00
  const session = (id: string, from: string, to: string): AgendaSession => ({
    id,
    titleZh: `讲题${id}`,
    titleEn: `Talk ${id}`,
    speakers: [`Dr ${id}`],
    startsAt: `2027-03-01T${from}Z`,
    endsAt: `2027-03-01T${to}Z`,
  })
  test.each([
    ['a session before the recording gets no chapter', [session('a', '00:50:00', '00:59:00')], []],
    ['a session under way when recording starts starts at 0', [session('a', '00:55:00', '01:00:30')], [['a', 0]]],
    ['a session starting inside the recording', [session('a', '01:00:20', '01:05:00')], [['a', 20]]],
    ['a session after the recording gets no chapter', [session('a', '01:02:00', '01:03:00')], []],
    [
      'sessions in agenda order whatever the input order',
      [session('b', '01:00:40', '01:01:00'), session('a', '01:00:10', '01:00:40')],
      [
        ['a', 10],
        ['b', 40],
      ],
    ],
  ])('%s', (_name, sessions, expected) => expect(replayChapters(sessions, recording).map((c) => [c.sessionId, c.offsetSec])).toEqual(expected))

  test('a trim that cuts into a session moves its chapter to 0 and the next ones earlier', () => {
    const trimmed = recording.slice(5) // starts 01:00:10
    const chapters = replayChapters([session('a', '01:00:00', '01:00:20'), session('b', '01:00:20', '01:01:00')], trimmed)
    expect(chapters.map((c) => [c.sessionId, c.offsetSec])).toEqual([
      ['a', 0],
      ['b', 10],
    ])
    expect(chapters[0]).toMatchObject({ titleEn: 'Talk a', speakers: ['Dr a'], startsAt: '2027-03-01T01:00:00Z' })
  })

  test('a session that starts in a pause begins where the media resumes', () => {
    const gapped = segs([2, 2, 2, 2], T0, { 1: 60 })
    expect(replayChapters([session('a', '01:00:30', '01:02:00')], gapped).map((c) => c.offsetSec)).toEqual([4])
  })

  test('two sessions starting at the same replay time keep the later one', () => {
    const gapped = segs([2, 2, 2, 2], T0, { 1: 60 })
    expect(replayChapters([session('a', '01:00:10', '01:00:20'), session('b', '01:00:30', '01:02:00')], gapped).map((c) => c.sessionId)).toEqual(['b'])
  })
})

describe('replayRangeToForumRanges puts played replay time on the forum clock', () => {
  const gapped = segs([2, 2, 2, 2], T0 + 10_000, { 1: 60 }) // media starts 10 s after going live
  test.each([
    ['inside one run', 0, 3, [{ fromSec: 10, toSec: 13 }]],
    [
      'across the pause: split',
      3,
      6,
      [
        { fromSec: 13, toSec: 14 },
        { fromSec: 74, toSec: 76 },
      ],
    ],
    ['an empty range', 5, 5, []],
    ['beyond the replay', 8, 20, []],
  ])('%s', (_name, from, to, expected) => expect(replayRangeToForumRanges(replayTimeline(gapped), T0, from, to)).toEqual(expected))
})

test('replayTimeline joins segments that follow on and splits at a gap', () => {
  expect(replayTimeline(segs([2, 2, 2, 2], T0, { 1: 60 }))).toEqual([
    { replayStart: 0, duration: 4, wallStartMs: T0 },
    { replayStart: 4, duration: 4, wallStartMs: T0 + 64_000 },
  ])
  expect(replayTimeline([])).toEqual([])
})

describe('the replay audience', () => {
  test.each([
    ['nobody', [], 3, [0, 0, 0]],
    ['one viewer over two minutes', [{ registrationId: 'r1', fromSec: 30, toSec: 90 }], 3, [1, 1, 0]],
    [
      'a rewatch counts once per minute',
      [
        { registrationId: 'r1', fromSec: 0, toSec: 60 },
        { registrationId: 'r1', fromSec: 10, toSec: 50 },
      ],
      2,
      [1, 0],
    ],
    [
      'two viewers',
      [
        { registrationId: 'r1', fromSec: 0, toSec: 120 },
        { registrationId: 'r2', fromSec: 60, toSec: 180 },
      ],
      3,
      [1, 2, 1],
    ],
    ['ranges past the curve are cut', [{ registrationId: 'r1', fromSec: 0, toSec: 600 }], 2, [1, 1]],
  ])('%s', (_name, ranges, minutes, curve) => expect(replayAudienceCurve(ranges, minutes)).toEqual(curve))

  test('totals: distinct viewers and each one’s distinct minutes', () => {
    expect(
      replayTotals([
        { registrationId: 'r1', fromSec: 0, toSec: 60 },
        { registrationId: 'r1', fromSec: 30, toSec: 120 },
        { registrationId: 'r2', fromSec: 0, toSec: 30 },
        { registrationId: 'r3', fromSec: 10, toSec: 10 },
      ]),
    ).toEqual({ viewers: 2, minutesWatched: 2.5 })
  })
})

describe('replayViews: a pause of 30 minutes or more starts a new view', () => {
  const r = (registrationId: string, minute: number) => ({ registrationId, atMs: T0 + minute * 60_000 })
  test.each([
    ['no reports', [], 0],
    ['one report', [r('a', 0)], 1],
    ['steady reports, one view', [r('a', 0), r('a', 1), r('a', 20), r('a', 45)], 1],
    ['back the next day', [r('a', 0), r('a', 1), r('a', 1440)], 2],
    ['two people', [r('a', 0), r('b', 0), r('b', 100)], 3],
    ['out of order', [r('a', 100), r('a', 0)], 2],
  ])('%s', (_name, reports, views) => expect(replayViews(reports)).toBe(views))
})
