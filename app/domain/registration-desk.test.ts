import { describe, expect, test } from 'vitest'
import { DEFAULT_DESK_QUERY, deskOrder, deskPage, deskPhoneSearch, deskSearchParams, formatPhone, paymentState, type DeskQuery } from './registration-desk.ts'

describe('deskOrder', () => {
  test.each([
    [
      'name',
      'asc',
      [
        ['name', 'asc'],
        ['created', 'asc'],
        ['id', 'asc'],
      ],
    ],
    [
      'name',
      'desc',
      [
        ['name', 'desc'],
        ['created', 'asc'],
        ['id', 'asc'],
      ],
    ],
    [
      'status',
      'asc',
      [
        ['status', 'asc'],
        ['created', 'asc'],
        ['id', 'asc'],
      ],
    ],
    [
      'created',
      'desc',
      [
        ['created', 'desc'],
        ['id', 'desc'],
      ],
    ],
    [
      'created',
      'asc',
      [
        ['created', 'asc'],
        ['id', 'asc'],
      ],
    ],
  ] as const)('%s %s ends in a unique tie-breaker', (sort, dir, order) => expect(deskOrder(sort, dir)).toEqual(order))
})

describe('deskPage', () => {
  test.each([
    [0, 1, { page: 1, pages: 1, offset: 0, hasPrevious: false, hasNext: false }],
    [50, 1, { page: 1, pages: 1, offset: 0, hasPrevious: false, hasNext: false }],
    [51, 1, { page: 1, pages: 2, offset: 0, hasPrevious: false, hasNext: true }],
    [51, 2, { page: 2, pages: 2, offset: 50, hasPrevious: true, hasNext: false }],
    [120, 9, { page: 3, pages: 3, offset: 100, hasPrevious: true, hasNext: false }],
    [120, 0, { page: 1, pages: 3, offset: 0, hasPrevious: false, hasNext: true }],
  ])('%i rows, page %i', (total, requested, expected) => expect(deskPage(total, requested)).toEqual(expected))
})

describe('deskSearchParams', () => {
  test('defaults are left out', () => expect(deskSearchParams(DEFAULT_DESK_QUERY).toString()).toBe(''))
  test('every filter round-trips into the URL, with overrides', () => {
    const query: DeskQuery = {
      q: '协和 医院',
      institution: '北京协和医院',
      status: 'CONFIRMED',
      ticket: 'tkt1',
      tier: 'STUDENT',
      checkedIn: false,
      certificate: true,
      sort: 'name',
      dir: 'asc',
      page: 3,
    }
    expect(Object.fromEntries(deskSearchParams(query, { page: 4 }))).toEqual({
      q: '协和 医院',
      institution: '北京协和医院',
      status: 'CONFIRMED',
      ticket: 'tkt1',
      tier: 'STUDENT',
      checkedIn: 'no',
      certificate: 'yes',
      sort: 'name',
      dir: 'asc',
      page: '4',
    })
  })
})

describe('deskPhoneSearch', () => {
  test.each<[string, string | null]>([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['138 1234', '1381234'],
    ['+86 138', '138'],
    ['(0044) 7911', '447911'],
    ['+44 7911 123456', '447911123456'],
    ['5678', '5678'],
    ['１３８１２３４', '1381234'],
    ['12', null],
    ['+86 1', null],
    ['王伟', null],
    ['attendee4999', null],
    ['138@qq.com', null],
    ['', null],
  ])('%j looks for %j in the phone', (q, expected) => expect(deskPhoneSearch(q)).toBe(expected))
})

describe('formatPhone', () => {
  test.each([
    ['13812345678', '138 1234 5678'],
    ['+447911123456', '+447911123456'],
    ['1381234567', '1381234567'],
  ])('%s reads as %s', (stored, shown) => expect(formatPhone(stored)).toBe(shown))
})

describe('paymentState', () => {
  const at = (m: number) => new Date(Date.UTC(2027, 0, 1, 0, m))
  test.each([
    ['free ticket', 0, [], 'free'],
    ['paid ticket, no checkout yet', 100, [], 'unpaid'],
    ['open checkout', 100, [{ status: 'OPEN', createdAt: at(1) }], 'open'],
    [
      'expired then paid',
      100,
      [
        { status: 'EXPIRED', createdAt: at(1) },
        { status: 'PAID', createdAt: at(2) },
      ],
      'paid',
    ],
    [
      'paid then a later expired attempt',
      100,
      [
        { status: 'PAID', createdAt: at(1) },
        { status: 'EXPIRED', createdAt: at(2) },
      ],
      'paid',
    ],
    ['refunded', 100, [{ status: 'REFUNDED', createdAt: at(1) }], 'refunded'],
    ['partly refunded', 100, [{ status: 'PARTIALLY_REFUNDED', createdAt: at(1) }], 'partially_refunded'],
    ['only expired', 100, [{ status: 'EXPIRED', createdAt: at(1) }], 'expired'],
  ] as const)('%s', (_, amount, payments, state) => expect(paymentState(amount, [...payments])).toBe(state))

  test.each([
    ['awaiting a bank transfer', [], 'AWAITING', 'transfer_awaiting'],
    ['transfer received', [], 'RECEIVED', 'transfer_received'],
    ['transfer past its deadline', [], 'EXPIRED', 'transfer_expired'],
    ['a void transfer (replaced by a group) says nothing', [], 'CANCELLED', 'unpaid'],
    ['paid by card while a transfer was awaited', [{ status: 'PAID', createdAt: at(1) }], 'AWAITING', 'paid'],
    ['an open checkout and an awaited transfer', [{ status: 'OPEN', createdAt: at(1) }], 'AWAITING', 'transfer_awaiting'],
  ] as const)('%s', (_, payments, transfer, state) => expect(paymentState(100, [...payments], { status: transfer })).toBe(state))
})
