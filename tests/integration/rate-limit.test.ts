import { afterAll, expect, test } from 'vitest'
import { createRateLimit } from '../../app/utils/rate-limit.server.ts'
import { testDb } from '../helpers/db.ts'

// Two clients on one database stand for two server processes.
const nodeA = testDb()
const nodeB = testDb()
afterAll(async () => {
  await nodeA.$disconnect()
  await nodeB.$disconnect()
})

test('a shared limit holds across processes: points used on one node count on the other', async () => {
  const opts = { name: `cross-${Date.now()}`, points: 5, durationSec: 60, scope: 'shared' as const }
  const a = createRateLimit({ ...opts, db: nodeA })
  const b = createRateLimit({ ...opts, db: nodeB })
  for (let i = 0; i < 3; i++) expect((await a.consume('203.0.113.7')).allowed).toBe(true)
  expect(await b.consume('203.0.113.7')).toMatchObject({ allowed: true, remaining: 1, consumed: 4 })
  expect((await a.consume('203.0.113.7')).allowed).toBe(true)
  const refused = await b.consume('203.0.113.7')
  expect(refused.allowed).toBe(false)
  if (!refused.allowed) {
    expect(refused.retryAfterMs).toBeGreaterThan(50_000)
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000)
  }
  // Other keys and other limiters are untouched.
  expect((await a.consume('198.51.100.1')).allowed).toBe(true)
  expect((await createRateLimit({ ...opts, name: `${opts.name}-other`, db: nodeA }).consume('203.0.113.7')).allowed).toBe(true)
  expect(await nodeA.rateLimiterFlexible.count({ where: { key: { startsWith: `rl:${opts.name}:` } } })).toBe(2)
})

test('simultaneous requests are all counted: 40 at once against 10 points let exactly 10 through', async () => {
  const name = `burst-${Date.now()}`
  const key = `burst-key-${Date.now()}`
  const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => createRateLimit({ name, points: 10, durationSec: 60, scope: 'shared', db: i % 2 ? nodeA : nodeB }).consume(key)))
  expect(outcomes.filter((o) => o.allowed)).toHaveLength(10)
})

test('a block outlasts the window, and reset forgets the key', async () => {
  const limit = createRateLimit({ name: `block-${Date.now()}`, points: 2, durationSec: 1, blockDurationSec: 900, scope: 'shared', db: nodeA })
  await limit.consume('acct')
  await limit.consume('acct')
  const refused = await limit.consume('acct')
  expect(refused.allowed).toBe(false)
  if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(800_000)
  expect((await limit.get('acct')).consumed).toBeGreaterThanOrEqual(3)
  await limit.reset('acct')
  expect(await limit.get('acct')).toEqual({ consumed: 0, msBeforeNext: 0 })
  expect((await limit.consume('acct')).allowed).toBe(true)
})

test('a local limit lives in this process only', async () => {
  const name = `local-${Date.now()}`
  const limit = createRateLimit({ name, points: 1, durationSec: 60, scope: 'local' })
  expect((await limit.consume('socket')).allowed).toBe(true)
  expect((await createRateLimit({ name, points: 1, durationSec: 60, scope: 'local' }).consume('socket')).allowed).toBe(false)
  expect(await nodeA.rateLimiterFlexible.count({ where: { key: { startsWith: `rl:${name}` } } })).toBe(0)
})
