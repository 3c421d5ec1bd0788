import { describe, expect, test } from 'vitest'
import { deskActionSchema, parseDeskQuery } from './registration-desk.ts'

const parse = (qs: string) => parseDeskQuery(new URLSearchParams(qs))

describe('parseDeskQuery', () => {
  test.each([
    ['', { sort: 'created', dir: 'desc', page: 1 }],
    ['q=%20Li%20&status=&ticket=', { q: 'Li', sort: 'created', dir: 'desc', page: 1 }],
    ['status=PENDING_APPROVAL&tier=MEMBER', { status: 'PENDING_APPROVAL', tier: 'MEMBER', sort: 'created', dir: 'desc', page: 1 }],
    ['checkedIn=yes&certificate=no', { checkedIn: true, certificate: false, sort: 'created', dir: 'desc', page: 1 }],
    ['sort=name&dir=asc&page=7', { sort: 'name', dir: 'asc', page: 7 }],
    ['ticket=clx123abc&utm_source=mail', { ticket: 'clx123abc', sort: 'created', dir: 'desc', page: 1 }],
  ])('accepts ?%s', (qs, query) => expect(parse(qs)).toEqual({ ok: true, query }))

  test.each([
    ['status=PAID', 'status'],
    ['tier=VIP', 'tier'],
    ['checkedIn=maybe', 'checkedIn'],
    ['certificate=1', 'certificate'],
    ['sort=email', 'sort'],
    ['dir=up', 'dir'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['ticket=%27%3B%20drop', 'ticket'],
    [`q=${'x'.repeat(101)}`, 'q'],
    ['q=a%00b', 'q'],
    ['status=CONFIRMED&status=CANCELLED', 'status'],
  ])('refuses ?%s, naming %s', (qs, field) => {
    const result = parse(qs)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field)
  })
})

describe('deskActionSchema', () => {
  test('a resend needs a nonce; confirm and cancel do not', () => {
    expect(deskActionSchema.safeParse({ intent: 'resend', registrationId: 'clx1000000' }).success).toBe(false)
    expect(deskActionSchema.safeParse({ intent: 'resend', registrationId: 'clx1000000', nonce: 'abcdefgh12' }).success).toBe(true)
    expect(deskActionSchema.safeParse({ intent: 'cancel', registrationId: 'clx1000000' }).success).toBe(true)
    expect(deskActionSchema.safeParse({ intent: 'refund', registrationId: 'clx1000000' }).success).toBe(false)
  })
})
