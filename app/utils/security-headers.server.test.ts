import { expect, test } from 'vitest'
import { contentSecurityPolicy, createNonce } from './security-headers.server.ts'

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))

test('scripts run only from our origin or with the page’s nonce; nothing may frame the page', () => {
  const csp = directives(contentSecurityPolicy({ nonce: 'abc123', requestUrl: 'https://forum.example.org/events' }))
  expect(csp['script-src']).toEqual(["'self'", "'nonce-abc123'"])
  expect(csp['frame-ancestors']).toEqual(["'none'"])
  expect(csp['object-src']).toEqual(["'none'"])
  expect(csp['connect-src']).toEqual(["'self'", 'ws://forum.example.org', 'wss://forum.example.org'])
})

test('with an external media server, browsers may also connect to it', () => {
  const csp = directives(contentSecurityPolicy({ nonce: 'n', requestUrl: 'http://127.0.0.1:3000/', mediaUrl: 'https://media.example.org:8443' }))
  expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:3000', 'wss://127.0.0.1:3000', 'https://media.example.org:8443', 'ws://media.example.org:8443', 'wss://media.example.org:8443'])
})

test('with an HLS edge at another origin, players may fetch and play from it', () => {
  const csp = directives(contentSecurityPolicy({ nonce: 'n', requestUrl: 'https://forum.example.org/', hlsUrl: 'https://edge.example.org/' }))
  expect(csp['connect-src']).toEqual(["'self'", 'ws://forum.example.org', 'wss://forum.example.org', 'https://edge.example.org'])
  expect(csp['media-src']).toEqual(["'self'", 'blob:', 'https://edge.example.org'])
  expect(directives(contentSecurityPolicy({ nonce: 'n', requestUrl: 'https://forum.example.org/' }))['media-src']).toEqual(["'self'", 'blob:'])
})

test('a nonce is new for every page', () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce))
  expect(nonces.size).toBe(100)
  for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/)
})
