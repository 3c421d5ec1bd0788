import { describe, expect, test } from 'vitest'
import { hashPasswordToken, newPasswordToken, PASSWORD_TOKEN_PATTERN, PASSWORD_TOKEN_TTL_MS, passwordTokenUsable } from './password-token.ts'

describe('newPasswordToken', () => {
  test('stores only a hash of a fresh, URL-safe token', () => {
    const a = newPasswordToken()
    const b = newPasswordToken()
    expect(a.token).toMatch(PASSWORD_TOKEN_PATTERN)
    expect(a.token).not.toBe(b.token)
    expect(a.tokenHash).toBe(hashPasswordToken(a.token))
    expect(a.tokenHash).not.toContain(a.token)
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('passwordTokenUsable', () => {
  const expiresAt = new Date('2026-12-06T13:00:00Z')
  test.each<[string, Date | null, string, boolean]>([
    ['unused, before expiry', null, '2026-12-06T12:59:59Z', true],
    ['unused, at expiry', null, '2026-12-06T13:00:00Z', false],
    ['used, before expiry', new Date('2026-12-06T12:30:00Z'), '2026-12-06T12:40:00Z', false],
  ])('%s → %s', (_name, usedAt, now, expected) => expect(passwordTokenUsable({ expiresAt, usedAt }, new Date(now))).toBe(expected))

  test('a reset link lasts an hour, a set-up link a day', () => {
    expect(PASSWORD_TOKEN_TTL_MS).toEqual({ RESET: 3600_000, SETUP: 86_400_000 })
  })
})
