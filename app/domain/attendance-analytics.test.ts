import { describe, expect, test } from 'vitest'
import { attendanceWindow, forumAnalytics, median, pageAttendees, personSpans, planPromptTimes, presenceAnswerRate, type AnalyticsInterval } from './attendance-analytics.ts'

const T0 = Date.parse('2026-08-10T01:00:00Z')
const m = (minutes: number) => T0 + minutes * 60_000
const i = (registrationId: string, from: number, to: number, source: AnalyticsInterval['source'] = 'LIVE'): AnalyticsInterval => ({ registrationId, source, start: m(from), end: m(to) })
const window = { start: m(0), end: m(10) }

describe('personSpans', () => {
  test.each([
    [
      'merges overlapping sources',
      [
        [0, 5],
        [3, 8],
      ],
      [[0, 8]],
    ],
    [
      'merges touching spans',
      [
        [0, 5],
        [5, 8],
      ],
      [[0, 8]],
    ],
    [
      'keeps gaps',
      [
        [0, 2],
        [4, 6],
      ],
      [
        [0, 2],
        [4, 6],
      ],
    ],
    [
      'clips to the window',
      [
        [-5, 2],
        [9, 15],
      ],
      [
        [0, 2],
        [9, 10],
      ],
    ],
    [
      'drops spans outside the window',
      [
        [-5, -1],
        [11, 12],
      ],
      [],
    ],
  ])('%s', (_name, spans, expected) => {
    const result = personSpans(
      spans.map(([a, b]) => ({ start: m(a!), end: m(b!) })),
      window.start,
      window.end,
    )
    expect(result.map(([a, b]) => [(a - T0) / 60_000, (b - T0) / 60_000])).toEqual(expected)
  })
})

describe('forumAnalytics', () => {
  test('empty input gives zeros over the whole window', () => {
    const a = forumAnalytics([], window)
    expect(a.concurrency).toEqual(new Array(10).fill(0))
    expect([a.uniqueAttendees, a.averageMinutes, a.medianMinutes, a.peak.viewers]).toEqual([0, 0, 0, 0])
    expect(a.retention).toEqual(new Array(10).fill(0))
  })

  test('one person at the venue with a phone streaming counts once everywhere', () => {
    const a = forumAnalytics([i('p', 0, 6, 'VENUE'), i('p', 2, 8, 'LIVE')], window)
    expect(a.uniqueAttendees).toBe(1)
    expect(a.uniqueBySource).toEqual({ LIVE: 1, VENUE: 1, REPLAY: 0 })
    expect(a.averageMinutes).toBe(8)
    expect(a.concurrency).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
  })

  test('concurrency, peak, average and median over three people', () => {
    const a = forumAnalytics([i('a', 0, 10), i('b', 2, 4), i('b', 6, 8), i('c', 3, 5)], window)
    expect(a.concurrency).toEqual([1, 1, 2, 3, 2, 1, 2, 2, 1, 1])
    expect(a.peak).toEqual({ viewers: 3, minute: 3 })
    expect(a.averageMinutes).toBe(5.33)
    expect(a.medianMinutes).toBe(4)
  })

  test('a partial minute counts the viewer in that minute; two spans of one person in a minute count once', () => {
    const a = forumAnalytics(
      [
        { registrationId: 'x', source: 'LIVE', start: m(1) + 10_000, end: m(1) + 20_000 },
        { registrationId: 'x', source: 'LIVE', start: m(1) + 40_000, end: m(2) + 1 },
      ],
      window,
    )
    expect(a.concurrency.slice(0, 4)).toEqual([0, 1, 1, 0])
  })

  test('retention: the share of attendees whose last presence is at or after each minute', () => {
    const a = forumAnalytics([i('a', 0, 10), i('b', 0, 3), i('c', 5, 6), i('d', 0, 1)], window)
    expect(a.retention).toEqual([1, 0.75, 0.75, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25])
  })

  test("online concurrency counts the stream's own audience: venue and replay time are left out", () => {
    const a = forumAnalytics([i('venue', 0, 5, 'VENUE'), i('both', 0, 3, 'VENUE'), i('both', 2, 6, 'LIVE'), i('online', 4, 10), i('replay', 0, 10, 'REPLAY')], window)
    expect(a.concurrency).toEqual([3, 3, 3, 3, 4, 3, 2, 2, 2, 2])
    expect(a.concurrencyOnline).toEqual([0, 0, 1, 1, 2, 2, 1, 1, 1, 1])
  })

  test('time outside the window does not count, and replay-only viewers are counted by source', () => {
    const a = forumAnalytics([i('r', 0, 4, 'REPLAY'), i('late', 12, 20)], window)
    expect(a.uniqueAttendees).toBe(1)
    expect(a.uniqueBySource).toEqual({ LIVE: 0, VENUE: 0, REPLAY: 1 })
  })
})

describe('helpers', () => {
  test.each([
    [[], 0],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median(%j) = %d', (values, expected) => expect(median(values)).toBe(expected))

  test.each([
    [0, 0, null],
    [4, 3, 0.75],
    [3, 5, 1],
  ])('presenceAnswerRate(%i prompted, %i answered) = %s', (prompted, answered, rate) => expect(presenceAnswerRate(prompted, answered)).toBe(rate))
})

describe('attendanceWindow', () => {
  const d = (iso: string) => new Date(`2026-08-10T${iso}:00Z`)
  const forum = { startsAt: d('01:00'), endsAt: d('04:00'), liveStartedAt: null as Date | null, liveEndedAt: null as Date | null }
  test.each([
    ['never streamed: the schedule', forum, d('02:00'), [d('01:00'), d('04:00')]],
    ['live now: from going live until now', { ...forum, liveStartedAt: d('01:05') }, d('02:00'), [d('01:05'), d('02:00')]],
    ['ended: from going live to the end', { ...forum, liveStartedAt: d('01:05'), liveEndedAt: d('04:20') }, d('09:00'), [d('01:05'), d('04:20')]],
  ])('%s', (_name, f, now, [start, end]) => {
    expect(attendanceWindow(f, now)).toEqual({ start, end })
  })
})

describe('planPromptTimes', () => {
  const rng = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  const H = 3_600_000
  test.each([1, 2, 3, 42])('seed %i: 2–4 prompts per full hour, inside the window, at least 5 minutes apart', (seed) => {
    const times = planPromptTimes(T0, T0 + 3 * H, { minPerHour: 2, maxPerHour: 4 }, rng(seed))
    for (let h = 0; h < 3; h++) {
      const inHour = times.filter((t) => t >= T0 + h * H && t < T0 + (h + 1) * H).length
      expect(inHour).toBeGreaterThanOrEqual(2)
      expect(inHour).toBeLessThanOrEqual(4)
    }
    expect(times.every((t, i) => t >= T0 && t < T0 + 3 * H && (i === 0 || t - times[i - 1]! >= 5 * 60_000))).toBe(true)
  })

  test('the same seed gives the same plan; a partial hour gets its share', () => {
    expect(planPromptTimes(T0, T0 + H, { minPerHour: 2, maxPerHour: 4 }, rng(7))).toEqual(planPromptTimes(T0, T0 + H, { minPerHour: 2, maxPerHour: 4 }, rng(7)))
    expect(planPromptTimes(T0, T0 + H / 2, { minPerHour: 4, maxPerHour: 4 }, rng(7))).toHaveLength(2)
    expect(planPromptTimes(T0, T0, { minPerHour: 4, maxPerHour: 4 }, rng(7))).toEqual([])
  })
})

describe('pageAttendees', () => {
  const people = [
    { realName: '陈静', email: 'chen@a.org', institution: '华山医院' },
    { realName: '王强', email: 'wang@b.org', institution: '中山医院' },
    { realName: 'Li Wei', email: 'li@c.org', institution: null },
    { realName: '陈晓', email: 'xiao@d.org', institution: '华山医院' },
  ]
  test.each<[string, { query?: string; page?: number; pageSize: number }, string[], number, number, number]>([
    ['everyone, first page', { pageSize: 2 }, ['陈静', '王强'], 4, 1, 2],
    ['second page', { pageSize: 2, page: 2 }, ['Li Wei', '陈晓'], 4, 2, 2],
    ['a page past the end gives the last', { pageSize: 3, page: 9 }, ['陈晓'], 4, 2, 2],
    ['page 0 or negative gives the first', { pageSize: 3, page: -1 }, ['陈静', '王强', 'Li Wei'], 4, 1, 2],
    ['by name', { query: '陈', pageSize: 10 }, ['陈静', '陈晓'], 2, 1, 1],
    ['by e-mail, any case', { query: 'WANG@', pageSize: 10 }, ['王强'], 1, 1, 1],
    ['by institution', { query: '华山', pageSize: 10 }, ['陈静', '陈晓'], 2, 1, 1],
    ['a blank query is everyone', { query: '   ', pageSize: 10 }, ['陈静', '王强', 'Li Wei', '陈晓'], 4, 1, 1],
    ['nobody matches: one empty page', { query: 'zzz', pageSize: 10 }, [], 0, 1, 1],
  ])('%s', (_name, options, names, matched, page, pages) => {
    const r = pageAttendees(people, options)
    expect(r.rows.map((p) => p.realName)).toEqual(names)
    expect([r.matched, r.page, r.pages]).toEqual([matched, page, pages])
  })
})
