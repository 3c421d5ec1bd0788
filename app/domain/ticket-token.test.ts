import { describe, expect, test } from 'vitest'
import { signTicket, verifyTicket } from './ticket-token.ts'

const secret = 'a-server-secret-that-is-long-enough'
const id = 'cmwt2d2o10000157d0qeox6ni'

test('a signed ticket verifies back to its registration', () => {
  const code = signTicket(secret, id)
  expect(code).toMatch(/^T1\.cmwt2d2o10000157d0qeox6ni\.[A-Za-z0-9_-]{22}$/)
  expect(verifyTicket(secret, code)).toBe(id)
  expect(verifyTicket(secret, `  ${code}\n`)).toBe(id)
})

describe('verifyTicket refuses', () => {
  const good = signTicket(secret, id)
  test.each([
    ['another secret', verifyTicket('another-secret-another-secret-xx', good)],
    ['a MAC moved to another id', verifyTicket(secret, good.replace(id, 'cmwt2d2o10000157d0qeox6nj'))],
    ['a truncated MAC', verifyTicket(secret, good.slice(0, -1))],
    ['a bare registration id', verifyTicket(secret, id)],
    ['an empty string', verifyTicket(secret, '')],
    ['an unknown version', verifyTicket(secret, good.replace(/^T1/, 'T2'))],
    ['junk', verifyTicket(secret, 'T1.<script>.x')],
  ])('%s', (_name, result) => {
    expect(result).toBeNull()
  })
})

test('refuses to sign something that is not an id', () => {
  expect(() => signTicket(secret, 'Robert; DROP TABLE')).toThrow()
})
