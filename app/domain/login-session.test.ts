import { describe, expect, test } from 'vitest'
import { absoluteExpiry, normaliseUserAgent, sessionState, shouldTouch, summariseUserAgent, timeAgo, type SessionState } from './login-session.ts'

const at = (iso: string) => new Date(iso)
const DAY = 24 * 3600_000

describe('sessionState', () => {
  const createdAt = at('2026-12-01T00:00:00Z')
  const expiresAt = absoluteExpiry(createdAt)
  test.each<[string, Date, Date, SessionState]>([
    ['just used', at('2026-12-01T00:00:00Z'), at('2026-12-01T00:01:00Z'), 'active'],
    ['unused for a second under 7 days', at('2026-12-01T00:00:00Z'), new Date(createdAt.getTime() + 7 * DAY - 1000), 'active'],
    ['unused for exactly 7 days', at('2026-12-01T00:00:00Z'), new Date(createdAt.getTime() + 7 * DAY), 'idle'],
    ['in use every day, 29 days after log-in', new Date(createdAt.getTime() + 29 * DAY - 60_000), new Date(createdAt.getTime() + 29 * DAY), 'active'],
    ['in use every day, 30 days after log-in', new Date(createdAt.getTime() + 30 * DAY - 60_000), new Date(createdAt.getTime() + 30 * DAY), 'expired'],
    ['both idle and past the absolute limit', createdAt, new Date(createdAt.getTime() + 40 * DAY), 'expired'],
  ])('%s', (_name, lastSeenAt, now, expected) => expect(sessionState({ expiresAt, lastSeenAt }, now)).toBe(expected))

  test('the absolute limit is 30 days after log-in', () => expect(expiresAt.toISOString()).toBe('2026-12-31T00:00:00.000Z'))
})

describe('shouldTouch', () => {
  test.each<[string, number, boolean]>([
    ['a request a second later', 1000, false],
    ['a request four minutes later', 4 * 60_000, false],
    ['a request five minutes later', 5 * 60_000, true],
    ['a request a day later', DAY, true],
    ['a clock that went backwards', -60_000, false],
  ])('%s → %s', (_name, later, expected) => {
    const lastSeenAt = at('2026-12-01T08:00:00Z')
    expect(shouldTouch(lastSeenAt, new Date(lastSeenAt.getTime() + later))).toBe(expected)
  })
})

describe('summariseUserAgent', () => {
  test.each<[string, string | null, { browser: string | null; os: string | null }]>([
    ['Chrome on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', { browser: 'Chrome', os: 'Windows' }],
    [
      'Edge, which also says Chrome',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      { browser: 'Edge', os: 'Windows' },
    ],
    [
      'Safari on an iPhone, which also says Mac OS X',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      { browser: 'Safari', os: 'iOS' },
    ],
    ['Safari on a Mac', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', { browser: 'Safari', os: 'macOS' }],
    ['Firefox on Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', { browser: 'Firefox', os: 'Linux' }],
    [
      'WeChat on Android, which also says Chrome',
      'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.49',
      { browser: 'WeChat', os: 'Android' },
    ],
    ['Chrome on an iPad (CriOS)', 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1', { browser: 'Chrome', os: 'iOS' }],
    ['an unknown client', 'my-script/1.0', { browser: null, os: null }],
    ['no user agent', null, { browser: null, os: null }],
  ])('%s', (_name, ua, expected) => expect(summariseUserAgent(ua)).toEqual(expected))
})

describe('normaliseUserAgent', () => {
  test.each<[string, string | null | undefined, string | null]>([
    ['trims spaces', '  Firefox/133.0  ', 'Firefox/133.0'],
    ['turns control characters into spaces', 'a\u0000b\r\nc', 'a b  c'],
    ['bounds the length', 'x'.repeat(1000), 'x'.repeat(300)],
    ['keeps nothing of an empty one', '   ', null],
    ['keeps nothing of a missing one', undefined, null],
  ])('%s', (_name, ua, expected) => expect(normaliseUserAgent(ua)).toBe(expected))
})

describe('timeAgo', () => {
  const now = at('2026-12-06T12:00:00Z')
  test.each<[string, number, ReturnType<typeof timeAgo>]>([
    ['under a minute is now', 59_000, { value: 0, unit: 'second' }],
    ['a future time is now', -5000, { value: 0, unit: 'second' }],
    ['minutes', 5 * 60_000 + 30_000, { value: -5, unit: 'minute' }],
    ['hours', 3 * 3600_000 + 59 * 60_000, { value: -3, unit: 'hour' }],
    ['days', 6 * DAY + 23 * 3600_000, { value: -6, unit: 'day' }],
  ])('%s', (_name, ago, expected) => expect(timeAgo(new Date(now.getTime() - ago), now)).toEqual(expected))
})
