import { describe, expect, test } from 'vitest'
import { dayKey, daysSpanned, formatDateRange, formatDay, formatTime, isValidTimeZone, utcToZonedInput, viewerTime, zonedTimeToUtc, zonesDiffer } from './time.ts'

const at = (iso: string) => new Date(iso)

describe('dayKey and formatTime follow the event time zone', () => {
  test.each([
    ['2026-08-10T01:30:00Z', 'Asia/Shanghai', '2026-08-10', '09:30'],
    ['2026-08-09T17:00:00Z', 'Asia/Shanghai', '2026-08-10', '01:00'],
    ['2026-08-09T17:00:00Z', 'UTC', '2026-08-09', '17:00'],
    ['2026-08-10T01:30:00Z', 'America/New_York', '2026-08-09', '21:30'],
    ['2026-03-08T07:30:00Z', 'America/New_York', '2026-03-08', '03:30'], // after the DST jump
    ['2026-08-10T01:30:00Z', 'Asia/Kolkata', '2026-08-10', '07:00'],
  ])('%s in %s is %s %s', (iso, tz, day, time) => {
    expect(dayKey(at(iso), tz)).toBe(day)
    expect(formatTime(at(iso), tz)).toBe(time)
  })
})

describe('formatDay', () => {
  test('speaks Chinese by default', () => {
    expect(formatDay('2026-08-10', 'zh-CN')).toBe('2026年8月10日星期一')
  })
  test('speaks English after switching', () => {
    expect(formatDay('2026-08-10', 'en')).toBe('Monday, 10 August 2026')
  })
})

describe('formatDateRange', () => {
  test('collapses a one-day event', () => {
    expect(formatDateRange(at('2026-09-18T00:30:00Z'), at('2026-09-18T09:30:00Z'), 'Asia/Shanghai', 'en')).toBe('18 September 2026')
  })
  test.each([
    ['2026-08-10T00:30:00Z', '2026-08-15T09:30:00Z', 'zh-CN', '2026年8月10日至15日'],
    ['2026-08-10T00:30:00Z', '2026-08-15T09:30:00Z', 'en', '10–15 August 2026'],
    ['2026-08-30T00:30:00Z', '2026-09-02T09:30:00Z', 'zh-CN', '2026年8月30日至9月2日'],
    ['2026-08-30T00:30:00Z', '2026-09-02T09:30:00Z', 'en', '30 August – 2 September 2026'],
    ['2026-12-30T00:30:00Z', '2027-01-02T09:30:00Z', 'zh-CN', '2026年12月30日至2027年1月2日'],
    ['2026-12-30T00:30:00Z', '2027-01-02T09:30:00Z', 'en', '30 December 2026 – 2 January 2027'],
    ['2026-09-17T18:00:00Z', '2026-09-18T09:30:00Z', 'zh-CN', '2026年9月18日'],
  ] as const)('%s to %s in %s is %s', (from, to, locale, expected) => {
    expect(formatDateRange(at(from), at(to), 'Asia/Shanghai', locale)).toBe(expected)
  })
})

describe('zonesDiffer', () => {
  test.each([
    ['Asia/Shanghai', 'Asia/Shanghai', false],
    ['Asia/Shanghai', 'Asia/Hong_Kong', false],
    ['Asia/Shanghai', 'Europe/London', true],
    ['Asia/Shanghai', 'Asia/Tokyo', true],
  ])('%s vs %s: %s', (a, b, expected) => {
    expect(zonesDiffer(at('2026-08-10T01:30:00Z'), a, b)).toBe(expected)
  })
})

describe('daysSpanned', () => {
  test('lists each local day once, sorted', () => {
    const ranges = [
      { startsAt: at('2026-08-11T01:00:00Z'), endsAt: at('2026-08-11T03:00:00Z') },
      { startsAt: at('2026-08-10T01:00:00Z'), endsAt: at('2026-08-10T03:00:00Z') },
      { startsAt: at('2026-08-10T05:00:00Z'), endsAt: at('2026-08-10T08:00:00Z') },
    ]
    expect(daysSpanned(ranges, 'Asia/Shanghai')).toEqual(['2026-08-10', '2026-08-11'])
  })
  test('an item ending at local midnight stays on its day', () => {
    const ranges = [{ startsAt: at('2026-08-10T14:00:00Z'), endsAt: at('2026-08-10T16:00:00Z') }]
    expect(daysSpanned(ranges, 'Asia/Shanghai')).toEqual(['2026-08-10'])
  })
  test('an overnight item spans two days', () => {
    const ranges = [{ startsAt: at('2026-08-10T14:00:00Z'), endsAt: at('2026-08-10T17:00:00Z') }]
    expect(daysSpanned(ranges, 'Asia/Shanghai')).toEqual(['2026-08-10', '2026-08-11'])
  })
})

test('isValidTimeZone', () => {
  expect(isValidTimeZone('Asia/Shanghai')).toBe(true)
  expect(isValidTimeZone('Mars/Olympus')).toBe(false)
})

describe('zonedTimeToUtc', () => {
  test.each([
    ['2026-08-10T09:30', 'Asia/Shanghai', '2026-08-10T01:30:00.000Z'],
    ['2026-08-10T00:15', 'Asia/Shanghai', '2026-08-09T16:15:00.000Z'],
    ['2026-01-10T10:00', 'America/New_York', '2026-01-10T15:00:00.000Z'],
    ['2026-07-10T10:00', 'America/New_York', '2026-07-10T14:00:00.000Z'],
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'], // skipped hour resolves forwards
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'], // repeated hour: the earlier
    ['2026-08-10T07:00', 'Asia/Kolkata', '2026-08-10T01:30:00.000Z'],
  ])('%s in %s is %s', (local, tz, iso) => {
    expect(zonedTimeToUtc(local, tz)?.toISOString()).toBe(iso)
  })
  test.each(['2026-02-30T09:00', '2026-13-01T09:00', '2026-08-10 09:00', '2026-08-10T24:00', ''])('refuses %s', (local) => {
    expect(zonedTimeToUtc(local, 'Asia/Shanghai')).toBeNull()
  })
  test('round-trips with utcToZonedInput', () => {
    const instant = zonedTimeToUtc('2026-12-19T13:30', 'Asia/Shanghai')!
    expect(utcToZonedInput(instant, 'Asia/Shanghai')).toBe('2026-12-19T13:30')
  })
})

describe('viewerTime', () => {
  // A Shanghai morning session, 08:30–09:10 (UTC+8).
  const start = at('2026-08-10T00:30:00Z')
  const end = at('2026-08-10T01:10:00Z')
  test.each([
    ['Asia/Shanghai', 'zh-CN', null],
    ['Asia/Taipei', 'en', null], // another zone, the same clock
    ['Europe/London', 'zh-CN', '01:30–02:10'],
    ['Asia/Kolkata', 'en', '06:00–06:40'],
    ['America/New_York', 'zh-CN', '8月9日 20:30–21:10'],
    ['America/New_York', 'en', '9 Aug 20:30–21:10'],
  ] as const)('for a viewer in %s (%s)', (zone, locale, expected) => {
    expect(viewerTime(start, end, 'Asia/Shanghai', zone, locale)).toBe(expected)
  })
  test('a single time has no range', () => {
    expect(viewerTime(start, null, 'Asia/Shanghai', 'Europe/London', 'en')).toBe('01:30')
  })
})
