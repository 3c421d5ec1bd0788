import { describe, expect, test } from 'vitest'
import { decideLoginAttempt, LOGIN_THROTTLE, loginDelayMs, normaliseLoginEmail, retryAfterMinutes, retryAfterSeconds, type LoginDecision, type LoginFailures } from './login-throttle.ts'

describe('loginDelayMs', () => {
  test.each<[number, number]>([
    // failures of the account from this address → delay of the next attempt
    [0, 0],
    [4, 0],
    [5, 1000],
    [6, 2000],
    [7, 4000],
    [8, 8000],
    [9, 16_000],
    [10, 16_000],
    [1000, 16_000],
  ])('after %i failures the next attempt waits %i ms', (failures, delay) => {
    expect(loginDelayMs(failures)).toBe(delay)
  })

  test('follows the policy it is given', () => {
    expect(loginDelayMs(2, { ...LOGIN_THROTTLE, freeFailures: 1, baseDelayMs: 300, maxDelayMs: 1000 })).toBe(600)
    expect(loginDelayMs(9, { ...LOGIN_THROTTLE, freeFailures: 1, baseDelayMs: 300, maxDelayMs: 1000 })).toBe(1000)
  })
})

describe('decideLoginAttempt', () => {
  const none: LoginFailures = { accountAddress: 0, account: 0, address: 0 }
  test.each<[string, Partial<LoginFailures>, LoginDecision]>([
    ['a first attempt goes through at once', {}, { kind: 'allow', delayMs: 0 }],
    ['five failures from one address still cost nothing', { accountAddress: 4, account: 4, address: 4 }, { kind: 'allow', delayMs: 0 }],
    ['the sixth attempt waits', { accountAddress: 5, account: 5, address: 5 }, { kind: 'allow', delayMs: 1000 }],
    ['the tenth attempt waits longest', { accountAddress: 9, account: 9, address: 9 }, { kind: 'allow', delayMs: 16_000 }],
    ['ten failures of an account from one address refuse the eleventh', { accountAddress: 10, account: 10, address: 10 }, { kind: 'refuse', scope: 'account_address' }],
    ['failures spread over many addresses refuse the account everywhere', { accountAddress: 0, account: 50, address: 1 }, { kind: 'refuse', scope: 'account' }],
    ['one address trying many accounts is refused', { accountAddress: 0, account: 1, address: 100 }, { kind: 'refuse', scope: 'address' }],
    ['other accounts’ failures from the address do not slow this one', { accountAddress: 1, account: 1, address: 99 }, { kind: 'allow', delayMs: 0 }],
    ['the account+address refusal is named first', { accountAddress: 12, account: 60, address: 200 }, { kind: 'refuse', scope: 'account_address' }],
  ])('%s', (_name, failures, expected) => {
    expect(decideLoginAttempt({ ...none, ...failures })).toEqual(expected)
  })
})

test.each<[number, number, number]>([
  // ms → minutes shown, Retry-After seconds
  [1, 1, 1],
  [999, 1, 1],
  [1001, 1, 2],
  [60_000, 1, 60],
  [60_001, 2, 61],
  [900_000, 15, 900],
])('%i ms before the next try is %i min and Retry-After %i', (ms, minutes, seconds) => {
  expect(retryAfterMinutes(ms)).toBe(minutes)
  expect(retryAfterSeconds(ms)).toBe(seconds)
})

test('the account key ignores case and surrounding spaces', () => {
  expect(normaliseLoginEmail('  Li.Ming@Example.CN ')).toBe('li.ming@example.cn')
})
