import { describe, expect, test } from 'vitest'
import { forumsForVenueScan } from './venue-attendance.ts'

const at = (s: string) => new Date(s)
// A two-day event in Shanghai: a main forum each morning, a sub-forum on day 1's afternoon.
const forums = [
  { id: 'day1-main', startsAt: at('2026-08-10T09:00:00+08:00'), endsAt: at('2026-08-10T12:00:00+08:00') },
  { id: 'day1-sub', startsAt: at('2026-08-10T09:00:00+08:00'), endsAt: at('2026-08-10T17:00:00+08:00') },
  { id: 'day2-main', startsAt: at('2026-08-11T09:00:00+08:00'), endsAt: at('2026-08-11T12:00:00+08:00') },
]
const TZ = 'Asia/Shanghai'

describe('forumsForVenueScan', () => {
  test.each<[string, string | null, 'ENTRY' | 'EXIT', string, string[]]>([
    ['a forum-bound venue counts for its forum only', 'day1-sub', 'ENTRY', '2026-08-11T10:00:00+08:00', ['day1-sub']],
    ['an event-wide entry on day 1 counts for day 1 forums, not day 2', null, 'ENTRY', '2026-08-10T08:40:00+08:00', ['day1-main', 'day1-sub']],
    ['an entry after the morning forum ended skips it', null, 'ENTRY', '2026-08-10T13:00:00+08:00', ['day1-sub']],
    ['an exit late in the day still closes every forum of the day', null, 'EXIT', '2026-08-10T18:00:00+08:00', ['day1-main', 'day1-sub']],
    ['day 2 entry counts for day 2 only', null, 'ENTRY', '2026-08-11T08:55:00+08:00', ['day2-main']],
    // 00:30 in Shanghai is still the previous day in UTC: the event's zone decides the day.
    ['the day is the event time zone’s', null, 'ENTRY', '2026-08-11T00:30:00+08:00', ['day2-main']],
    ['a scan on a day without forums counts for none', null, 'ENTRY', '2026-08-12T09:00:00+08:00', []],
  ])('%s', (_name, forumId, kind, when, expected) => {
    expect(forumsForVenueScan({ forumId }, forums, { kind, at: at(when) }, TZ)).toEqual(expected)
  })

  test('a forum spanning midnight belongs to both days', () => {
    const late = [{ id: 'night', startsAt: at('2026-08-10T20:00:00+08:00'), endsAt: at('2026-08-11T01:00:00+08:00') }]
    expect(forumsForVenueScan({ forumId: null }, late, { kind: 'ENTRY', at: at('2026-08-11T00:10:00+08:00') }, TZ)).toEqual(['night'])
  })
})
