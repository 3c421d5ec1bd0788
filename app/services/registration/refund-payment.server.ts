import type Stripe from 'stripe'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

/**
 * Asks Stripe to refund what the event's rules allow. The payment's state changes only
 * when Stripe confirms with `charge.refunded`; the idempotency key makes a retry safe.
 */
export async function refundPayment(db: Db, stripe: Stripe, input: { registrationId: string; amount: number }) {
  if (input.amount <= 0) return null
  const payment = await db.payment.findFirst({ where: { registrationId: input.registrationId, status: 'PAID', stripePaymentIntentId: { not: null } }, orderBy: { createdAt: 'desc' } })
  if (!payment?.stripePaymentIntentId) return null
  const refund = await stripe.refunds.create(
    { payment_intent: payment.stripePaymentIntentId, amount: Math.min(input.amount, payment.amount - payment.refundedAmount), metadata: { registrationId: input.registrationId } },
    { idempotencyKey: `refund-${payment.id}` },
  )
  logger.info({ registrationId: input.registrationId, refundId: refund.id }, 'refund requested')
  return refund
}
