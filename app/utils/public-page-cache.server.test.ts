import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { publicPageCache, purgePublicPages } from './public-page-cache.server.ts'

let base = ''
let close: () => void
const renders = new Map<string, number>()

beforeAll(async () => {
  const app = express()
  app.use(publicPageCache({ ttlMs: 60_000 }))
  app.get('*', (req, res) => {
    renders.set(req.path, (renders.get(req.path) ?? 0) + 1)
    if (req.path.includes('missing')) return res.status(404).send('not found')
    // As entry.server.tsx does: a fresh nonce in the policy and in the page.
    const nonce = `n${Math.random().toString(36).slice(2)}`
    res.set('Content-Security-Policy', `script-src 'nonce-${nonce}'`).send(`page ${req.originalUrl} <script nonce="${nonce}"></script>`)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})
afterAll(() => close?.())
beforeEach(() => {
  purgePublicPages()
  renders.clear()
})

const cacheState = async (path: string, cookie?: string) => (await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} })).headers.get('x-page-cache')

test.each([
  ['the event list', '/events'],
  ['an event page', '/events/congress'],
  ['a forum page', '/events/congress/forums/sub-01'],
  ['a speaker page', '/events/congress/speakers/cm1a2b3c4d5e6f7g8h9i0j'],
])('%s is cached for anonymous visitors', async (_name, path) => {
  expect(await cacheState(path)).toBe('MISS')
  expect(await cacheState(path)).toBe('HIT')
  expect(renders.get(path)).toBe(1)
})

test.each([
  ['another page of an event', '/events/congress/register'],
  ['a calendar', '/events/congress/my-calendar.ics'],
])('%s is never cached', async (_name, path) => {
  await cacheState(path)
  expect(await cacheState(path)).toBeNull()
})

test('unknown query parameters are dropped: they share the page’s entry, and the page never sees them', async () => {
  expect(await cacheState('/events/congress?x=1')).toBe('MISS')
  expect(await cacheState('/events/congress?x=2')).toBe('HIT')
  expect(await cacheState('/events/congress')).toBe('HIT')
  expect(renders.get('/events/congress')).toBe(1)
  expect(await (await fetch(`${base}/events/congress?x=3`)).text()).toMatch(/^page \/events\/congress </)
})

test('a language cookie the app does not know shares the default language’s entry', async () => {
  const en = `lng=${encodeURIComponent(btoa(JSON.stringify('en')))}`
  expect(await cacheState('/events', 'lng=garbage')).toBe('MISS')
  expect(await cacheState('/events', 'lng=other-garbage')).toBe('HIT')
  expect(await cacheState('/events', en)).toBe('MISS')
  expect(await cacheState('/events', en)).toBe('HIT')
  expect(renders.get('/events')).toBe(2)
})

test('a cached page is replayed with its own Content-Security-Policy: the nonce in the header is the one in the page', async () => {
  const first = await fetch(`${base}/events/summit`)
  const second = await fetch(`${base}/events/summit`)
  expect(second.headers.get('x-page-cache')).toBe('HIT')
  for (const res of [first, second]) {
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toBeTruthy()
    expect(await res.text()).toContain(`<script nonce="${nonce}">`)
  }
  expect(first.headers.get('content-security-policy')).toBe(second.headers.get('content-security-policy'))
})

test('signed-in visitors and not-found pages are never served from the cache', async () => {
  await cacheState('/events/congress/forums/sub-01', '__session=abc')
  expect(await cacheState('/events/congress/forums/sub-01', '__session=abc')).toBeNull()
  await cacheState('/events/congress/forums/missing')
  expect(await cacheState('/events/congress/forums/missing')).toBe('MISS')
})

test('purging an event drops its own pages and the list, and keeps other events’ pages', async () => {
  const mine = ['/events', '/events/congress', '/events/congress/forums/sub-01', '/events/congress/speakers/cm1a2b3c4d5e6f7g8h9i0j']
  const others = ['/events/congress-2027', '/events/congress-2027/forums/sub-01', '/events/summit']
  for (const path of [...mine, ...others]) await cacheState(path)
  purgePublicPages('congress')
  for (const path of mine) expect(await cacheState(path), path).toBe('MISS')
  for (const path of others) expect(await cacheState(path), path).toBe('HIT')
})

test('the live player, a shared page, is one entry for anonymous and signed-in visitors alike', async () => {
  const live = '/events/congress/forums/main/live'
  expect(await cacheState(live, '__session=alice')).toBe('MISS')
  expect(await cacheState(live, '__session=bob')).toBe('HIT')
  expect(await cacheState(live)).toBe('HIT')
  expect(renders.get(live)).toBe(1)
  purgePublicPages('congress')
  expect(await cacheState(live, '__session=alice')).toBe('MISS')
})
