import { describe, expect, test } from 'vitest'
import { signLiveToken, verifyLiveToken, type LiveTokenClaims } from './live-token.ts'

const secret = 'a'.repeat(32)
const claims: LiveTokenClaims = { forumId: 'cforum123', userId: 'cuser456', role: 'viewer', name: '', status: 'LIVE', iat: 1_000, exp: 1_120 }

describe('live join tokens', () => {
  test('a genuine token verifies and returns its claims until it expires', () => {
    const token = signLiveToken(secret, claims)
    expect(token).toMatch(/^L1\.[\w-]+\.[\w-]{22}$/)
    expect(verifyLiveToken(secret, token, 1_000)).toEqual({ ok: true, claims })
    expect(verifyLiveToken(secret, token, 1_119)).toMatchObject({ ok: true })
    expect(verifyLiveToken(secret, token, 1_120)).toEqual({ ok: false, reason: 'expired' })
  })

  test('carries names in any script', () => {
    const token = signLiveToken(secret, { ...claims, role: 'speaker', name: '林晓峰' })
    expect(verifyLiveToken(secret, token, 1_000)).toMatchObject({ ok: true, claims: { role: 'speaker', name: '林晓峰' } })
  })

  test('a token signed with another secret, or edited, is forged', () => {
    const token = signLiveToken(secret, claims)
    expect(verifyLiveToken('b'.repeat(32), token, 1_000)).toEqual({ ok: false, reason: 'forged' })
    const [p, body, mac] = token.split('.')
    const promoted = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('viewer', 'moderator')).toString('base64url')
    expect(verifyLiveToken(secret, `${p}.${promoted}.${mac}`, 1_000)).toEqual({ ok: false, reason: 'forged' })
  })

  test.each(['', 'L1', 'L1..', 'T1.abc.def', 'L1.abc', 'L1.a.b.c', 'x'.repeat(5000)])('refuses %j as malformed or forged', (token) => {
    expect(verifyLiveToken(secret, token, 1_000).ok).toBe(false)
  })

  test('refuses non-string input', () => {
    expect(verifyLiveToken(secret, 42 as unknown as string, 1_000)).toEqual({ ok: false, reason: 'malformed' })
  })

  test('will not sign something that is not an id', () => {
    expect(() => signLiveToken(secret, { ...claims, forumId: 'a.b' })).toThrow()
  })
})
