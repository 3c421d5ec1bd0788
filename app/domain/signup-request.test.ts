import { expect, test } from 'vitest'
import { existingAccountMailKey, hashSignupToken, newSignupToken, SIGNUP_TOKEN_PATTERN, signupLinkExpiry, signupLinkUsable } from './signup-request.ts'

test('a new token fits the link pattern and is stored only as its hash', () => {
  const { token, tokenHash } = newSignupToken()
  expect(token).toMatch(SIGNUP_TOKEN_PATTERN)
  expect(tokenHash).toBe(hashSignupToken(token))
  expect(tokenHash).toMatch(/^[0-9a-f]{64}$/)
  expect(tokenHash).not.toContain(token)
  expect(newSignupToken().token).not.toBe(token)
})

const t0 = new Date('2026-12-06T10:00:00Z')
test.each<[string, number, boolean]>([
  ['just made', 0, true],
  ['an hour before it ends', 23 * 3600_000, true],
  ['a millisecond before 24 h', 24 * 3600_000 - 1, true],
  ['at 24 h', 24 * 3600_000, false],
  ['a day later', 48 * 3600_000, false],
])('a link %s is usable: %s', (_name, elapsedMs, usable) => {
  expect(signupLinkUsable({ expiresAt: signupLinkExpiry(t0) }, new Date(t0.getTime() + elapsedMs))).toBe(usable)
})

test.each<[string, number, boolean]>([
  ['in the same hour', 59 * 60_000, true],
  ['in the next hour', 60 * 60_000, false],
])('two tries %s share the owner’s mail: %s', (_name, laterMs, same) => {
  expect(existingAccountMailKey('u1', t0) === existingAccountMailKey('u1', new Date(t0.getTime() + laterMs))).toBe(same)
  expect(existingAccountMailKey('u1', t0)).not.toBe(existingAccountMailKey('u2', t0))
})
