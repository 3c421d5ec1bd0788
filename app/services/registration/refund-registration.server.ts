import type Stripe from 'stripe'
import { planRefund } from '~/domain/desk-actions.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { refundBankTransfer } from './refund-bank-transfer.server.ts'
import { refundPayment } from './refund-payment.server.ts'
import { getStripe, paymentsConfigured } from './stripe.server.ts'

export type RegistrationRefundInput = { eventId: string; registrationId: string; reference?: string }
/** `pending`: Stripe was asked; the registration is cancelled when Stripe confirms (charge.refunded). */
export type RegistrationRefundResult = { registrationId: string; method: 'stripe' | 'transfer'; amount: number; changed: boolean; pending: boolean }

/** Stripe when it is configured; tests pass their own client. */
export const defaultStripe = (): Stripe | null => (paymentsConfigured() ? getStripe() : null)

/** A calendar day in a time zone as midnight UTC of that date (TransferRefund.refundedOn's form). */
function dayIn(timeZone: string, now: Date): Date {
  return new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)}T00:00:00Z`)
}

/**
 * The desk's refund (issue 15 §1), in full, by the way the money came (app/domain/desk-actions.ts
 * `planRefund`), through the existing refund use cases:
 * - paid by Stripe: Stripe is asked to refund (refundPayment, idempotent per payment); the
 *   payment, the cancellation, the freed seat and the flag on an issued certificate follow
 *   when Stripe confirms with `charge.refunded` (handle-stripe-webhook). The request is
 *   audited here, once per payment;
 * - paid by a received bank transfer: the refund made at the bank is recorded today (in the
 *   event's time zone) with its reference (refundBankTransfer: cancels, frees the seat,
 *   flags certificates, audits; a repeat changes nothing).
 */
export async function refundRegistration(
  db: Db,
  input: RegistrationRefundInput,
  actorUserId: string,
  ctx: AuditContext,
  stripe: () => Stripe | null = defaultStripe,
  now = new Date(),
): Promise<RegistrationRefundResult> {
  const reg = await db.registration.findFirst({
    where: { id: input.registrationId, eventId: input.eventId },
    select: {
      id: true,
      amount: true,
      event: { select: { timeZone: true } },
      payments: { select: { id: true, status: true, amount: true, refundedAmount: true, stripePaymentIntentId: true, createdAt: true } },
      bankTransfer: { select: { status: true } },
      transferRefund: { select: { id: true } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such registration')
  const plan = planRefund({ amount: reg.amount, payments: reg.payments, transfer: reg.bankTransfer, transferRefunded: reg.transferRefund !== null })
  if (!plan) throw new AppError('not_refundable', 'Nothing was paid for this registration that the desk can refund')

  if (plan.method === 'transfer') {
    const reference = input.reference?.trim() ?? ''
    if (!reference) throw new AppError('validation_failed', 'A refund by bank transfer needs the reference of the transfer', { fields: { reference: 'deskRows.refund.referenceRequired' } })
    const result = await refundBankTransfer(db, { eventId: input.eventId, registrationId: reg.id, amount: plan.amount, refundedOn: dayIn(reg.event.timeZone, now), reference }, actorUserId, ctx, now)
    return { registrationId: reg.id, method: 'transfer', amount: plan.amount, changed: result.changed, pending: false }
  }

  const client = stripe()
  if (!client) throw new AppError('payments_not_configured', 'Stripe is not configured on this server')
  const alreadyAsked = await db.auditLog.findFirst({
    where: { type: 'registration.refund_requested', AND: [{ data: { path: ['registrationId'], equals: reg.id } }, { data: { path: ['paymentIntentId'], equals: plan.paymentIntentId } }] },
    select: { id: true },
  })
  // Asked again: Stripe answers with the same refund (idempotency key per payment); nothing new to record.
  const refund = await refundPayment(db, client, { registrationId: reg.id, amount: plan.amount })
  if (!refund) throw new AppError('not_refundable', 'Nothing was paid for this registration that the desk can refund')
  if (!alreadyAsked)
    await writeAudit(db, 'registration.refund_requested', { registrationId: reg.id, paymentIntentId: plan.paymentIntentId, amount: plan.amount, refundId: refund.id }, { ...ctx, userId: actorUserId })
  return { registrationId: reg.id, method: 'stripe', amount: plan.amount, changed: !alreadyAsked, pending: true }
}
