import { describe, expect, test } from 'vitest'
import { isAllowedOrigin, narrowLiveRole, voidedByRevocation } from './live-access.ts'
import type { LiveRole } from './live-token.ts'

describe('narrowLiveRole', () => {
  const table: [LiveRole, LiveRole | null, LiveRole | null][] = [
    ['viewer', 'viewer', 'viewer'],
    ['viewer', null, null],
    ['moderator', null, null],
    ['moderator', 'viewer', 'viewer'],
    ['moderator', 'moderator', 'moderator'],
    ['speaker', 'viewer', 'viewer'],
    ['viewer', 'speaker', 'viewer'],
    ['viewer', 'moderator', 'viewer'],
    ['speaker', 'moderator', 'speaker'],
  ]
  test.each(table)('a %s token, holding %s now: %s', (token, current, expected) => {
    expect(narrowLiveRole(token, current)).toBe(expected)
  })
})

describe('voidedByRevocation', () => {
  const at = 1_700_000_000_500
  const table: [string, number, number | undefined, boolean][] = [
    ['no revocation', 1_699_999_000, undefined, false],
    ['a token signed a second before', 1_699_999_999, at, true],
    ['a token signed long before', 1_600_000_000, at, true],
    ['a token signed in the same second (left to the database)', 1_700_000_000, at, false],
    ['a token signed after', 1_700_000_001, at, false],
  ]
  test.each(table)('%s', (_name, iat, revokedAt, expected) => {
    expect(voidedByRevocation(iat, revokedAt)).toBe(expected)
  })
})

describe('isAllowedOrigin', () => {
  const table: [string, string | undefined, { host: string | undefined; publicUrl: string | undefined; anyPort?: boolean }, boolean][] = [
    ['no Origin (same-page polling, not a browser)', undefined, { host: 'forum.example.org', publicUrl: 'https://forum.example.org' }, true],
    ['the public origin', 'https://forum.example.org', { host: 'internal:3000', publicUrl: 'https://forum.example.org/' }, true],
    ['the public origin with its default port spelled out', 'https://forum.example.org:443', { host: 'x', publicUrl: 'https://forum.example.org' }, true],
    ['another site', 'https://evil.example', { host: 'forum.example.org', publicUrl: 'https://forum.example.org' }, false],
    ['http instead of https', 'http://forum.example.org', { host: 'forum.example.org', publicUrl: 'https://forum.example.org' }, false],
    ['a subdomain', 'https://a.forum.example.org', { host: 'forum.example.org', publicUrl: 'https://forum.example.org' }, false],
    ['"null" (a sandboxed frame, a file)', 'null', { host: 'forum.example.org', publicUrl: 'https://forum.example.org' }, false],
    ['not a URL', 'forum.example.org', { host: 'forum.example.org', publicUrl: undefined }, false],
    ['another scheme', 'chrome-extension://abc', { host: 'abc', publicUrl: undefined }, false],
    ['no public URL: the same host and port', 'http://localhost:3000', { host: 'localhost:3000', publicUrl: undefined }, true],
    ['no public URL: the default port either way', 'http://10.0.0.5', { host: '10.0.0.5:80', publicUrl: undefined }, true],
    ['no public URL: another port', 'http://localhost:4000', { host: 'localhost:3000', publicUrl: undefined }, false],
    ['no public URL: another host', 'http://evil.example:3000', { host: 'localhost:3000', publicUrl: undefined }, false],
    ['no public URL, no Host header', 'http://localhost:3000', { host: undefined, publicUrl: undefined }, false],
    ['a media server on its own port: same host name', 'http://localhost:3000', { host: 'localhost:3001', publicUrl: undefined, anyPort: true }, true],
    ['a media server on its own port: another host name', 'http://evil.example:3000', { host: 'localhost:3001', publicUrl: undefined, anyPort: true }, false],
  ]
  test.each(table)('%s', (_name, origin, request, expected) => {
    expect(isAllowedOrigin(origin, request)).toBe(expected)
  })
})
