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
    res.send(`page ${req.path}`)
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
  ['a query string', '/events/congress/forums/sub-01?x=1'],
])('%s is never cached', async (_name, path) => {
  await cacheState(path)
  expect(await cacheState(path)).toBeNull()
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
