/**
 * A payment's status follows Stripe's events, but Stripe delivers them in any order and
 * more than once: a late `checkout.session.expired` can arrive after the payment, or a
 * second "completed" event after a refund. Only moves forward are applied; a move backwards
 * is recorded by the caller and ignored.
 *
 *   OPEN ──paid──▶ PAID ──refund──▶ PARTIALLY_REFUNDED ──refund──▶ REFUNDED
 *     │             ▲ └──────────────refund (in full)────────────────▶ ▲
 *     └─expired─▶ EXPIRED ─paid─┘   (money that arrives is recorded)
 */
export type PaymentStatus = 'OPEN' | 'PAID' | 'EXPIRED' | 'REFUNDED' | 'PARTIALLY_REFUNDED'

export type PaymentSignal =
  | { kind: 'paid' }
  | { kind: 'expired' }
  /** `refunded`: the charge's total refunded so far (Stripe's `amount_refunded`). */
  | { kind: 'refunded'; refunded: number; amount: number; alreadyRefunded: number }

export type PaymentTransition = { apply: true; next: PaymentStatus; refunded?: number } | { apply: false; reason: string }

const REFUNDABLE: readonly PaymentStatus[] = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']

export function nextPaymentStatus(current: PaymentStatus, signal: PaymentSignal): PaymentTransition {
  switch (signal.kind) {
    case 'paid':
      if (current === 'OPEN' || current === 'EXPIRED' || current === 'PAID') return { apply: true, next: 'PAID' }
      return { apply: false, reason: `paid after ${current.toLowerCase()}` }
    case 'expired':
      if (current === 'OPEN' || current === 'EXPIRED') return { apply: true, next: 'EXPIRED' }
      return { apply: false, reason: `expired after ${current.toLowerCase()}` }
    case 'refunded': {
      if (!REFUNDABLE.includes(current)) return { apply: false, reason: `refund of a payment that is ${current.toLowerCase()}` }
      // Refund events may arrive out of order: the larger total is the newer truth.
      const refunded = Math.min(Math.max(signal.refunded, signal.alreadyRefunded), signal.amount)
      if (refunded <= 0) return { apply: false, reason: 'refund of nothing' }
      return { apply: true, next: refunded >= signal.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED', refunded }
    }
  }
}
