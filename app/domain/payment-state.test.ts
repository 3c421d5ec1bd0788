import { describe, expect, test } from 'vitest'
import { nextPaymentStatus, type PaymentSignal, type PaymentStatus } from './payment-state.ts'

const paid: PaymentSignal = { kind: 'paid' }
const expired: PaymentSignal = { kind: 'expired' }
const refund = (refunded: number, alreadyRefunded = 0): PaymentSignal => ({ kind: 'refunded', refunded, amount: 100, alreadyRefunded })

describe('nextPaymentStatus', () => {
  test.each<[PaymentStatus, PaymentSignal, PaymentStatus | null, number | undefined]>([
    ['OPEN', paid, 'PAID', undefined],
    ['PAID', paid, 'PAID', undefined],
    ['EXPIRED', paid, 'PAID', undefined],
    ['REFUNDED', paid, null, undefined],
    ['PARTIALLY_REFUNDED', paid, null, undefined],
    ['OPEN', expired, 'EXPIRED', undefined],
    ['EXPIRED', expired, 'EXPIRED', undefined],
    ['PAID', expired, null, undefined],
    ['REFUNDED', expired, null, undefined],
    ['PARTIALLY_REFUNDED', expired, null, undefined],
    ['PAID', refund(40), 'PARTIALLY_REFUNDED', 40],
    ['PAID', refund(100), 'REFUNDED', 100],
    ['PAID', refund(250), 'REFUNDED', 100],
    ['PARTIALLY_REFUNDED', refund(100, 40), 'REFUNDED', 100],
    ['PARTIALLY_REFUNDED', refund(30, 60), 'PARTIALLY_REFUNDED', 60],
    ['REFUNDED', refund(40, 100), 'REFUNDED', 100],
    ['OPEN', refund(40), null, undefined],
    ['EXPIRED', refund(40), null, undefined],
    ['PAID', refund(0), null, undefined],
  ])('%s + %o → %s', (current, signal, next, refunded) => {
    const t = nextPaymentStatus(current, signal)
    if (next === null) {
      expect(t.apply).toBe(false)
    } else {
      expect(t).toMatchObject({ apply: true, next })
      if (refunded !== undefined) expect(t).toMatchObject({ refunded })
    }
  })
})
