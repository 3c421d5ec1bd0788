import type Stripe from 'stripe'
import { z } from 'zod'
import { nextPaymentStatus } from '~/domain/payment-state.ts'
import { canCancel } from '~/domain/registration.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { cancelRegistration, cancelRegistrationInTx, flagCertificatesOfRefund } from './cancel-registration.server.ts'
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

/** The fields of each event's object this handler reads; a signed event without them is a 400. */
const intentRef = z.union([z.string(), z.object({ id: z.string() }).passthrough()]).nullish()
const sessionObject = z.object({ id: z.string().min(1), payment_status: z.string().nullish(), payment_intent: intentRef }).passthrough()
const chargeObject = z.object({ id: z.string().min(1), payment_intent: intentRef, amount_refunded: z.number().int().nonnegative() }).passthrough()
const disputeObject = z.object({ id: z.string().min(1), payment_intent: intentRef }).passthrough()
const OBJECT_OF: Partial<Record<string, z.ZodTypeAny>> = {
  'checkout.session.completed': sessionObject,
  'checkout.session.async_payment_succeeded': sessionObject,
  'checkout.session.expired': sessionObject,
  'checkout.session.async_payment_failed': sessionObject,
  'charge.refunded': chargeObject,
  'charge.dispute.created': disputeObject,
}

const intentIdOf = (ref: z.infer<typeof intentRef>) => (typeof ref === 'string' ? ref : (ref?.id ?? null))

/**
 * Applies one Stripe event exactly once: the event id is stored in the same transaction
 * as its effects, so a redelivery is a no-op, and confirmations are conditional updates
 * (PENDING_PAYMENT → CONFIRMED), so two different "paid" events never double-confirm.
 * Payment status only moves forward (`app/domain/payment-state.ts`): an event that would
 * move it backwards (expired after paid, paid after refunded) is recorded and ignored. A
 * refund in full or a dispute cancels the registration, which frees its seat.
 */
export async function handleStripeEvent(db: Db, event: Stripe.Event, now = new Date()): Promise<WebhookResult> {
  const shape = OBJECT_OF[event.type]
  const object: unknown = (event as { data?: { object?: unknown } }).data?.object
  if (shape && !shape.safeParse(object).success) throw new AppError('bad_request', `Stripe event ${event.type} without the expected object`)
  if (await db.stripeEvent.findUnique({ where: { id: event.id } })) return 'duplicate'
  let toCancel: { id: string; userId: string; reason: string } | null = null
  let revoked: { userId: string; eventId: string } | null = null
  try {
    const result = await db.$transaction(async (tx): Promise<WebhookResult> => {
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type } })
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded': {
          const session = sessionObject.parse(object)
          if (session.payment_status !== 'paid') return 'ignored'
          return markPaid(tx, session.id, intentIdOf(session.payment_intent), event.id, now)
        }
        case 'checkout.session.expired':
        case 'checkout.session.async_payment_failed': {
          const session = sessionObject.parse(object)
          const payment = await tx.payment.findUnique({
            where: { stripeCheckoutSessionId: session.id },
            include: { registration: { select: { id: true, userId: true, status: true } } },
          })
          if (!payment) return 'ignored'
          const move = nextPaymentStatus(payment.status, { kind: 'expired' })
          if (!move.apply) return ignoreBackwards(tx, payment.id, payment.status, event, move.reason)
          await tx.payment.update({ where: { id: payment.id }, data: { status: move.next } })
          if (payment.registration.status === 'PENDING_PAYMENT') toCancel = { id: payment.registration.id, userId: payment.registration.userId, reason: 'payment expired' }
          return 'processed'
        }
        case 'charge.refunded': {
          const charge = chargeObject.parse(object)
          const intentId = intentIdOf(charge.payment_intent)
          const payment = intentId ? await tx.payment.findUnique({ where: { stripePaymentIntentId: intentId }, include: { registration: { select: { id: true, userId: true, status: true } } } }) : null
          // Arrived before the payment it refunds: refuse, so Stripe delivers it again later.
          if (!payment) throw new AppError('conflict', 'Refund for a payment not yet recorded')
          const move = nextPaymentStatus(payment.status, { kind: 'refunded', refunded: charge.amount_refunded, amount: payment.amount, alreadyRefunded: payment.refundedAmount })
          if (!move.apply) return ignoreBackwards(tx, payment.id, payment.status, event, move.reason)
          await tx.payment.update({ where: { id: payment.id }, data: { refundedAmount: move.refunded, status: move.next } })
          await writeAudit(tx, 'payment.refunded', { paymentId: payment.id, refunded: move.refunded, stripeEventId: event.id })
          // A refund in full (from the platform or Stripe's dashboard) ends the registration, in
          // this transaction: the refund, the freed seat and the certificate flag commit together.
          const ends = move.next === 'REFUNDED' && canCancel(payment.registration.status)
          if (ends) {
            const cancelled = await cancelRegistrationInTx(tx, { registrationId: payment.registration.id, actorUserId: payment.registration.userId, asStaff: true, reason: 'refunded' }, {}, now)
            revoked = cancelled.holder
          }
          // A credit already issued for a registration whose money went back is for staff to review (never revoked here).
          if (ends || payment.registration.status === 'CANCELLED') await flagCertificatesOfRefund(tx, payment.registration.id, {}, now)
          return 'processed'
        }
        case 'charge.dispute.created': {
          const dispute = disputeObject.parse(object)
          const intentId = intentIdOf(dispute.payment_intent)
          const payment = intentId ? await tx.payment.findUnique({ where: { stripePaymentIntentId: intentId }, include: { registration: { select: { id: true, userId: true, status: true } } } }) : null
          if (!payment) throw new AppError('conflict', 'Dispute for a payment not yet recorded')
          await tx.payment.update({ where: { id: payment.id }, data: { disputedAt: now } })
          await writeAudit(tx, 'payment.disputed', { paymentId: payment.id, registrationId: payment.registrationId, disputeId: dispute.id, stripeEventId: event.id })
          if (canCancel(payment.registration.status)) toCancel = { id: payment.registration.id, userId: payment.registration.userId, reason: 'disputed' }
          return 'processed'
        }
        default:
          return 'ignored'
      }
    }, RUSH_TRANSACTION)
    const ended = revoked as { userId: string; eventId: string } | null
    if (ended) {
      announceAccessRevoked({ kind: 'registration', ...ended, reason: 'cancelled' })
      logger.info({ stripeEventId: event.id, reason: 'refunded' }, 'registration cancelled by a payment event')
    }
    // Releasing the seat reuses the cancellation use case (and promotes the waiting list).
    const cancel = toCancel as { id: string; userId: string; reason: string } | null
    if (cancel) {
      await cancelRegistration(db, { registrationId: cancel.id, actorUserId: cancel.userId, asStaff: true }).catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error
      })
      logger.info({ registrationId: cancel.id, reason: cancel.reason, stripeEventId: event.id }, 'registration cancelled by a payment event')
    }
    logger.info({ stripeEventId: event.id, type: event.type, result }, 'stripe event handled')
    return result
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'duplicate'
    throw error
  }
}

/** An event that would move a payment backwards: kept (the event row and an audit entry), not applied. */
async function ignoreBackwards(tx: Tx, paymentId: string, status: string, event: Stripe.Event, reason: string): Promise<WebhookResult> {
  await writeAudit(tx, 'payment.event_ignored', { paymentId, status, stripeEventId: event.id, type: event.type, reason })
  logger.info({ paymentId, status, stripeEventId: event.id, type: event.type, reason }, 'stripe event would move a payment backwards; ignored')
  return 'ignored'
}

async function markPaid(tx: Tx, sessionId: string, intentId: string | null, stripeEventId: string, now: Date): Promise<WebhookResult> {
  const payment = await tx.payment.findUnique({ where: { stripeCheckoutSessionId: sessionId } })
  if (!payment) throw new AppError('conflict', 'Checkout session not known yet')
  const move = nextPaymentStatus(payment.status, { kind: 'paid' })
  if (!move.apply) {
    await writeAudit(tx, 'payment.event_ignored', { paymentId: payment.id, status: payment.status, stripeEventId, reason: move.reason })
    return 'ignored'
  }
  await tx.payment.update({ where: { id: payment.id }, data: { status: move.next, stripePaymentIntentId: intentId ?? payment.stripePaymentIntentId } })
  const { count } = await tx.registration.updateMany({ where: { id: payment.registrationId, status: 'PENDING_PAYMENT' }, data: { status: 'CONFIRMED', confirmedAt: now } })
  await writeAudit(tx, count ? 'registration.paid' : 'payment.paid_without_pending_registration', { registrationId: payment.registrationId, stripeEventId })
  if (count) await queueConfirmationEmail(tx, payment.registrationId)
  return 'processed'
}
