import type Stripe from 'stripe'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { cancelRegistration } from './cancel-registration.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { RUSH_TRANSACTION } from './register-for-event.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]
export type WebhookResult = 'processed' | 'duplicate' | 'ignored'

/** Verifies the signature over the raw body; anything else is a 400, never processed. */
export function verifyStripeEvent(stripe: Stripe, rawBody: string, signature: string | null, secret: string): Stripe.Event {
  if (!signature) throw new AppError('bad_request', 'Missing Stripe-Signature header')
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, secret)
  } catch {
    throw new AppError('bad_request', 'Invalid Stripe signature')
  }
}

/**
 * Applies one Stripe event exactly once: the event id is stored in the same transaction
 * as its effects, so a redelivery is a no-op, and confirmations are conditional updates
 * (PENDING_PAYMENT → CONFIRMED), so two different "paid" events never double-confirm.
 */
export async function handleStripeEvent(db: Db, event: Stripe.Event, now = new Date()): Promise<WebhookResult> {
  if (await db.stripeEvent.findUnique({ where: { id: event.id } })) return 'duplicate'
  let expiredRegistration: { id: string; userId: string } | null = null
  try {
    const result = await db.$transaction(async (tx) => {
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type } })
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded': {
          const session = event.data.object
          if (session.payment_status !== 'paid') return 'ignored'
          await markPaid(tx, session, event.id, now)
          return 'processed'
        }
        case 'checkout.session.expired':
        case 'checkout.session.async_payment_failed': {
          const session = event.data.object
          const payment = await tx.payment.findUnique({ where: { stripeCheckoutSessionId: session.id }, include: { registration: { select: { id: true, userId: true, status: true } } } })
          if (!payment) return 'ignored'
          await tx.payment.update({ where: { id: payment.id }, data: { status: 'EXPIRED' } })
          if (payment.registration.status === 'PENDING_PAYMENT') expiredRegistration = { id: payment.registration.id, userId: payment.registration.userId }
          return 'processed'
        }
        case 'charge.refunded': {
          const charge = event.data.object
          const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id
          const payment = intentId ? await tx.payment.findUnique({ where: { stripePaymentIntentId: intentId } }) : null
          // Arrived before the payment it refunds: refuse, so Stripe delivers it again later.
          if (!payment) throw new AppError('conflict', 'Refund for a payment not yet recorded')
          const refunded = Math.min(charge.amount_refunded, payment.amount)
          await tx.payment.update({ where: { id: payment.id }, data: { refundedAmount: refunded, status: refunded >= payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED' } })
          await writeAudit(tx, 'payment.refunded', { paymentId: payment.id, refunded, stripeEventId: event.id })
          return 'processed'
        }
        default:
          return 'ignored'
      }
    }, RUSH_TRANSACTION)
    // Releasing the held seat reuses the cancellation use case (and promotes the waiting list).
    if (expiredRegistration) {
      const { id, userId } = expiredRegistration
      await cancelRegistration(db, { registrationId: id, actorUserId: userId, asStaff: true }).catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error
      })
    }
    logger.info({ stripeEventId: event.id, type: event.type, result }, 'stripe event handled')
    return result
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'duplicate'
    throw error
  }
}

async function markPaid(tx: Tx, session: Stripe.Checkout.Session, stripeEventId: string, now: Date) {
  const payment = await tx.payment.findUnique({ where: { stripeCheckoutSessionId: session.id } })
  if (!payment) throw new AppError('conflict', 'Checkout session not known yet')
  const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null)
  await tx.payment.update({ where: { id: payment.id }, data: { status: 'PAID', stripePaymentIntentId: intentId } })
  const { count } = await tx.registration.updateMany({ where: { id: payment.registrationId, status: 'PENDING_PAYMENT' }, data: { status: 'CONFIRMED', confirmedAt: now } })
  await writeAudit(tx, count ? 'registration.paid' : 'payment.paid_without_pending_registration', { registrationId: payment.registrationId, stripeEventId })
  if (count) await queueConfirmationEmail(tx, payment.registrationId)
}
