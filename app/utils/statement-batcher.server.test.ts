import { describe, expect, test } from 'vitest'
import { createStatementBatcher } from './statement-batcher.server.ts'

describe('createStatementBatcher', () => {
  test('calls that arrive together share one statement, each gets its own result', async () => {
    const statements: number[][] = []
    const call = createStatementBatcher<number, number>({ write: async (items) => (statements.push(items), items.map((n) => n * 10)), maxItems: 100 })
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => call(i)))
    expect(results).toEqual(Array.from({ length: 250 }, (_, i) => i * 10))
    expect(statements.length).toBeLessThanOrEqual(4)
    expect(statements.every((s) => s.length <= 100)).toBe(true)
    expect(statements.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i))
  })

  test('a failed batch is redone one call at a time, so only the bad call fails', async () => {
    const call = createStatementBatcher<number, number>({
      write: async (items) => {
        if (items.includes(3)) throw new Error('unique key')
        return items
      },
    })
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => call(n)))
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'unique key' })
  })

  test('a call alone still gets its statement', async () => {
    const call = createStatementBatcher<string, string>({ write: async (items) => items.map((s) => s.toUpperCase()) })
    expect(await call('a')).toBe('A')
    expect(await call('b')).toBe('B')
  })
})
