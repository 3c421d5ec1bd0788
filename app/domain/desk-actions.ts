import type { RegistrationStatus } from './registration.ts'

/**
 * The registrations desk's money-touching row actions (issue 15 §1): moving a registration to
 * another ticket of its event, and refunding it. Pure: the services read the rows and write.
 */

type PaymentRow = { status: 'OPEN' | 'PAID' | 'EXPIRED' | 'REFUNDED' | 'PARTIALLY_REFUNDED'; amount: number; refundedAmount: number; stripePaymentIntentId: string | null }
type TransferRow = { status: 'AWAITING' | 'RECEIVED' | 'EXPIRED' | 'CANCELLED' }

/**
 * Where a registration's money stands: `paid` (Stripe took it, or its bank transfer was
 * received), `pending` (it waits for payment, a checkout is open or a transfer is awaited) or
 * `none` (free, or nothing asked yet, e.g. while it waits for approval).
 */
export type MoneyState = 'none' | 'pending' | 'paid'

export function moneyState(status: RegistrationStatus, payments: readonly Pick<PaymentRow, 'status'>[], transfer: TransferRow | null): MoneyState {
  if (payments.some((p) => p.status === 'PAID' || p.status === 'PARTIALLY_REFUNDED') || transfer?.status === 'RECEIVED') return 'paid'
  if (status === 'PENDING_PAYMENT' || payments.some((p) => p.status === 'OPEN') || transfer?.status === 'AWAITING') return 'pending'
  return 'none'
}

export const TICKET_MOVE_PROBLEMS = ['same_ticket', 'not_movable', 'sold_out', 'payment_pending', 'note_required'] as const
export type TicketMoveProblem = (typeof TICKET_MOVE_PROBLEMS)[number]

export type TicketMoveInput = {
  status: RegistrationStatus
  money: MoneyState
  fromTicketTypeId: string
  /** What the registration owes or paid (Registration.amount, smallest unit). */
  amount: number
  target: { id: string; quota: number | null; seatsTaken: number }
  /** The target ticket's price for the registration's tier now (app/domain/registration.ts `priceFor`). */
  targetPrice: number
  /** Staff's reason, trimmed; empty means none. */
  note: string
}

export type TicketMoveDecision = { ok: true; amount: number; repriced: boolean } | { ok: false; problem: TicketMoveProblem }

/**
 * Whether staff may move a registration to another ticket, and what it then owes. The rule
 * ("what was paid never changes silently"):
 * - only a registration holding a seat moves (confirmed, awaiting approval or payment), and
 *   only into a ticket with a free seat;
 * - to a ticket of the same price (for its tier, today), it moves freely;
 * - at another price: one that has paid nothing and waits for approval is re-priced (it pays
 *   the new price once approved); one waiting for its payment does not move (the open
 *   checkout or transfer is for the old amount); one that is confirmed (paid, or free) moves
 *   only with staff's note, and keeps its amount: the difference is settled by hand (a refund
 *   from the desk, or money collected outside), and the note is in the audit log.
 */
export function decideTicketMove(input: TicketMoveInput): TicketMoveDecision {
  if (input.target.id === input.fromTicketTypeId) return { ok: false, problem: 'same_ticket' }
  if (input.status !== 'CONFIRMED' && input.status !== 'PENDING_APPROVAL' && input.status !== 'PENDING_PAYMENT') return { ok: false, problem: 'not_movable' }
  if (input.target.quota !== null && input.target.seatsTaken >= input.target.quota) return { ok: false, problem: 'sold_out' }
  if (input.targetPrice === input.amount) return { ok: true, amount: input.amount, repriced: false }
  if (input.money === 'none' && input.status === 'PENDING_APPROVAL') return { ok: true, amount: input.targetPrice, repriced: true }
  if (input.money === 'pending' || input.status === 'PENDING_PAYMENT') return { ok: false, problem: 'payment_pending' }
  if (input.note.trim() === '') return { ok: false, problem: 'note_required' }
  return { ok: true, amount: input.amount, repriced: false }
}

export type RefundPlan = { method: 'stripe'; paymentIntentId: string; amount: number } | { method: 'transfer'; amount: number } | null

/**
 * How the desk refunds a registration in full: by Stripe what Stripe took and has not yet
 * given back (the newest paid payment; one already partly refunded is left to Stripe's
 * dashboard, as app/services/registration/refund-payment.server.ts refunds paid ones only), by bank transfer what a received transfer paid (once:
 * a recorded transfer refund is final); nothing for a free or unpaid registration.
 */
export function planRefund(input: { amount: number; payments: readonly (PaymentRow & { createdAt: Date })[]; transfer: TransferRow | null; transferRefunded: boolean }): RefundPlan {
  const stripe = input.payments.filter((p) => p.status === 'PAID' && p.stripePaymentIntentId && p.amount > p.refundedAmount).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]
  if (stripe) return { method: 'stripe', paymentIntentId: stripe.stripePaymentIntentId!, amount: stripe.amount - stripe.refundedAmount }
  if (input.transfer?.status === 'RECEIVED' && !input.transferRefunded && input.amount > 0) return { method: 'transfer', amount: input.amount }
  return null
}
