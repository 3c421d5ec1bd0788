import { describe, expect, test } from 'vitest'
import { decideTicketMove, moneyState, planRefund, type MoneyState, type TicketMoveDecision, type TicketMoveInput } from './desk-actions.ts'
import type { RegistrationStatus } from './registration.ts'

describe('moneyState', () => {
  test.each<
    [string, RegistrationStatus, { status: 'OPEN' | 'PAID' | 'EXPIRED' | 'REFUNDED' | 'PARTIALLY_REFUNDED' }[], { status: 'AWAITING' | 'RECEIVED' | 'EXPIRED' | 'CANCELLED' } | null, MoneyState]
  >([
    ['a free confirmed registration', 'CONFIRMED', [], null, 'none'],
    ['one waiting for approval', 'PENDING_APPROVAL', [], null, 'none'],
    ['one waiting for payment with nothing opened', 'PENDING_PAYMENT', [], null, 'pending'],
    ['an open checkout', 'CONFIRMED', [{ status: 'OPEN' }], null, 'pending'],
    ['an awaited transfer', 'PENDING_APPROVAL', [], { status: 'AWAITING' }, 'pending'],
    ['paid by Stripe', 'CONFIRMED', [{ status: 'EXPIRED' }, { status: 'PAID' }], null, 'paid'],
    ['partly refunded by Stripe', 'CONFIRMED', [{ status: 'PARTIALLY_REFUNDED' }], null, 'paid'],
    ['paid by a received transfer', 'CONFIRMED', [], { status: 'RECEIVED' }, 'paid'],
    ['an expired checkout only', 'CONFIRMED', [{ status: 'EXPIRED' }], null, 'none'],
    ['a cancelled transfer', 'CONFIRMED', [], { status: 'CANCELLED' }, 'none'],
  ])('%s: %s', (_, status, payments, transfer, expected) => {
    expect(moneyState(status, payments, transfer)).toBe(expected)
  })
})

describe('decideTicketMove', () => {
  const base: TicketMoveInput = {
    status: 'CONFIRMED',
    money: 'none',
    fromTicketTypeId: 'ticket-a',
    amount: 0,
    target: { id: 'ticket-b', quota: null, seatsTaken: 0 },
    targetPrice: 0,
    note: '',
  }
  test.each<[string, Partial<TicketMoveInput>, TicketMoveDecision]>([
    ['free to free moves freely', {}, { ok: true, amount: 0, repriced: false }],
    ['to the ticket it has is refused', { target: { id: 'ticket-a', quota: null, seatsTaken: 0 } }, { ok: false, problem: 'same_ticket' }],
    ['a cancelled registration does not move', { status: 'CANCELLED' }, { ok: false, problem: 'not_movable' }],
    ['a rejected one neither', { status: 'REJECTED' }, { ok: false, problem: 'not_movable' }],
    ['a wait-listed one holds no seat to move', { status: 'WAITLISTED' }, { ok: false, problem: 'not_movable' }],
    ['into a full ticket is refused', { target: { id: 'ticket-b', quota: 10, seatsTaken: 10 } }, { ok: false, problem: 'sold_out' }],
    ['into the last seat moves', { target: { id: 'ticket-b', quota: 10, seatsTaken: 9 } }, { ok: true, amount: 0, repriced: false }],
    ['a full ticket is refused even with a note', { target: { id: 'ticket-b', quota: 1, seatsTaken: 1 }, note: 'VIP' }, { ok: false, problem: 'sold_out' }],
    ['paid 800, to a ticket of 800: moves freely', { money: 'paid', amount: 800_00, targetPrice: 800_00 }, { ok: true, amount: 800_00, repriced: false }],
    ['paid 800, to a ticket of 1,200: needs a note', { money: 'paid', amount: 800_00, targetPrice: 1200_00 }, { ok: false, problem: 'note_required' }],
    ['paid 800, to a ticket of 500: needs a note', { money: 'paid', amount: 800_00, targetPrice: 500_00 }, { ok: false, problem: 'note_required' }],
    ['a blank note is no note', { money: 'paid', amount: 800_00, targetPrice: 500_00, note: '   ' }, { ok: false, problem: 'note_required' }],
    ['paid 800, to 1,200 with a note: moves and keeps what it paid', { money: 'paid', amount: 800_00, targetPrice: 1200_00, note: '会务组赠送升级' }, { ok: true, amount: 800_00, repriced: false }],
    ['a free confirmed registration to a paid ticket needs a note', { targetPrice: 500_00 }, { ok: false, problem: 'note_required' }],
    ['with the note it stays free (a comp)', { targetPrice: 500_00, note: 'speaker' }, { ok: true, amount: 0, repriced: false }],
    ['waiting for approval, nothing paid: re-priced', { status: 'PENDING_APPROVAL', amount: 300_00, targetPrice: 800_00 }, { ok: true, amount: 800_00, repriced: true }],
    ['waiting for approval to a free ticket: re-priced to 0', { status: 'PENDING_APPROVAL', amount: 300_00, targetPrice: 0 }, { ok: true, amount: 0, repriced: true }],
    ['waiting for approval with a transfer awaited: refused', { status: 'PENDING_APPROVAL', money: 'pending', amount: 300_00, targetPrice: 800_00 }, { ok: false, problem: 'payment_pending' }],
    [
      'waiting for payment, other price: refused even with a note',
      { status: 'PENDING_PAYMENT', money: 'pending', amount: 300_00, targetPrice: 800_00, note: 'x' },
      { ok: false, problem: 'payment_pending' },
    ],
    ['waiting for payment, same price: moves', { status: 'PENDING_PAYMENT', money: 'pending', amount: 300_00, targetPrice: 300_00 }, { ok: true, amount: 300_00, repriced: false }],
    ['a checkout open on a confirmed one, other price: refused', { money: 'pending', amount: 300_00, targetPrice: 800_00, note: 'x' }, { ok: false, problem: 'payment_pending' }],
  ])('%s', (_, overrides, expected) => {
    expect(decideTicketMove({ ...base, ...overrides })).toEqual(expected)
  })
})

describe('planRefund', () => {
  const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 0, minute))
  const paid = (over: Partial<Parameters<typeof planRefund>[0]['payments'][number]> = {}) => ({
    status: 'PAID' as const,
    amount: 800_00,
    refundedAmount: 0,
    stripePaymentIntentId: 'pi_1',
    createdAt: at(1),
    ...over,
  })
  test.each<[string, Parameters<typeof planRefund>[0], ReturnType<typeof planRefund>]>([
    ['free: nothing to refund', { amount: 0, payments: [], transfer: null, transferRefunded: false }, null],
    ['paid by Stripe: the whole payment', { amount: 800_00, payments: [paid()], transfer: null, transferRefunded: false }, { method: 'stripe', paymentIntentId: 'pi_1', amount: 800_00 }],
    [
      'the newest paid payment, not an expired attempt',
      {
        amount: 800_00,
        payments: [paid({ status: 'EXPIRED', stripePaymentIntentId: null, createdAt: at(5) }), paid({ stripePaymentIntentId: 'pi_2', createdAt: at(3) }), paid({ createdAt: at(2) })],
        transfer: null,
        transferRefunded: false,
      },
      { method: 'stripe', paymentIntentId: 'pi_2', amount: 800_00 },
    ],
    ['already refunded by Stripe: nothing', { amount: 800_00, payments: [paid({ status: 'REFUNDED', refundedAmount: 800_00 })], transfer: null, transferRefunded: false }, null],
    ['partly refunded: left to the dashboard', { amount: 800_00, payments: [paid({ status: 'PARTIALLY_REFUNDED', refundedAmount: 100_00 })], transfer: null, transferRefunded: false }, null],
    ['an open checkout is not money taken', { amount: 800_00, payments: [paid({ status: 'OPEN' })], transfer: null, transferRefunded: false }, null],
    ['paid by a received transfer: its amount', { amount: 600_00, payments: [], transfer: { status: 'RECEIVED' }, transferRefunded: false }, { method: 'transfer', amount: 600_00 }],
    ['a transfer refunded once is final', { amount: 600_00, payments: [], transfer: { status: 'RECEIVED' }, transferRefunded: true }, null],
    ['an awaited transfer paid nothing', { amount: 600_00, payments: [], transfer: { status: 'AWAITING' }, transferRefunded: false }, null],
  ])('%s', (_, input, expected) => {
    expect(planRefund(input)).toEqual(expected)
  })
})
