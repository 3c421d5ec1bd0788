import { expect, test } from 'vitest'
import { TtlCache } from './ttl-cache.server.ts'

test('serves a value until it expires, then loads again', async () => {
  let now = 0
  let loads = 0
  const cache = new TtlCache<number>(1000, 10, () => now)
  const load = async () => ++loads
  expect(await cache.get('a', load)).toBe(1)
  now = 999
  expect(await cache.get('a', load)).toBe(1)
  now = 1000
  expect(await cache.get('a', load)).toBe(2)
})

test('concurrent misses share one load', async () => {
  let loads = 0
  const cache = new TtlCache<number>(1000)
  const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10))
  expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual([1, 1, 1])
})

test('does not keep a failed load, and delete forgets a key', async () => {
  const cache = new TtlCache<number>(1000)
  await expect(cache.get('x', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
  expect(await cache.get('x', async () => 7)).toBe(7)
  cache.delete('x')
  expect(await cache.get('x', async () => 8)).toBe(8)
})

test('evicts the oldest entry beyond its size', async () => {
  const cache = new TtlCache<string>(1000, 2)
  await cache.get('a', async () => 'a1')
  await cache.get('b', async () => 'b1')
  await cache.get('c', async () => 'c1')
  expect(await cache.get('a', async () => 'a2')).toBe('a2')
  expect(await cache.get('c', async () => 'c2')).toBe('c1')
})
