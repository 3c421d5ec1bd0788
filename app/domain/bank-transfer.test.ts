import { describe, expect, test } from 'vitest'
import { formatDeadline, isPastDeadline, planGroupTransfer, transferDeadline, type GroupCandidate } from './bank-transfer.ts'

const at = (iso: string) => new Date(iso)

describe('transfer deadlines', () => {
  test.each([
    ['the full hold when the event is later', '2026-12-01T10:00:00Z', 7, '2026-12-20T01:00:00Z', '2026-12-08T10:00:00Z'],
    ['capped at the start of the event', '2026-12-01T10:00:00Z', 7, '2026-12-03T01:00:00Z', '2026-12-03T01:00:00Z'],
    ['the full hold when the event has begun', '2026-12-05T10:00:00Z', 2, '2026-12-03T01:00:00Z', '2026-12-07T10:00:00Z'],
    ['one day', '2026-12-01T10:00:00Z', 1, '2027-01-01T00:00:00Z', '2026-12-02T10:00:00Z'],
  ])('%s', (_, registered, days, starts, expected) => {
    expect(transferDeadline(at(registered), days, at(starts)).toISOString()).toBe(at(expected).toISOString())
  })

  test('the deadline itself is past', () => {
    expect(isPastDeadline(at('2026-12-02T10:00:00Z'), at('2026-12-02T09:59:59Z'))).toBe(false)
    expect(isPastDeadline(at('2026-12-02T10:00:00Z'), at('2026-12-02T10:00:00Z'))).toBe(true)
  })
})

describe('group transfers', () => {
  const candidate = (id: string, over: Partial<GroupCandidate> = {}, transfer: Partial<NonNullable<GroupCandidate['transfer']>> = {}): GroupCandidate => ({
    registrationId: id,
    eventId: 'e1',
    status: 'PENDING_PAYMENT',
    amount: 60000,
    currency: 'cny',
    transfer: { id: `t-${id}`, status: 'AWAITING', deadline: at('2026-12-08T00:00:00Z'), group: false, hasFapiao: false, ...transfer },
    ...over,
  })

  test('sums the amounts and keeps the latest deadline', () => {
    const plan = planGroupTransfer('e1', [candidate('a'), candidate('b', { amount: 80000 }, { deadline: at('2026-12-09T00:00:00Z') })])
    expect(plan).toEqual({ ok: true, amount: 140000, currency: 'cny', deadline: at('2026-12-09T00:00:00Z'), replacedTransferIds: ['t-a', 't-b'] })
  })

  test.each([
    ['one registration', [candidate('a')], 'too_few', undefined],
    ['another event', [candidate('a'), candidate('b', { eventId: 'e2' })], 'other_event', 'b'],
    ['a confirmed registration', [candidate('a'), candidate('b', { status: 'CONFIRMED' })], 'not_awaiting_transfer', 'b'],
    ['a registration paying by card', [candidate('a'), candidate('b', { transfer: null })], 'not_awaiting_transfer', 'b'],
    ['an expired transfer', [candidate('a'), candidate('b', {}, { status: 'EXPIRED' })], 'not_awaiting_transfer', 'b'],
    ['one already in a group', [candidate('a', {}, { group: true }), candidate('b')], 'already_grouped', 'a'],
    ['one with a fapiao requested', [candidate('a'), candidate('b', {}, { hasFapiao: true })], 'has_fapiao', 'b'],
    ['two currencies', [candidate('a'), candidate('b', { currency: 'usd' })], 'currency', 'b'],
  ])('refuses %s', (_, candidates, problem, registrationId) => {
    expect(planGroupTransfer('e1', candidates)).toEqual(registrationId ? { ok: false, problem, registrationId } : { ok: false, problem })
  })
})

test('a deadline reads in the event’s zone', () => {
  expect(formatDeadline(at('2026-12-08T10:00:00Z'), 'Asia/Shanghai', 'en')).toBe('2026-12-08 18:00 (GMT+8)')
})
