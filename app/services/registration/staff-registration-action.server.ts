import type Stripe from 'stripe'
import type { DeskAction } from '~/schemas/registration-desk.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { cancelRegistration } from './cancel-registration.server.ts'
import { decideRegistration } from './decide-registration.server.ts'
import { moveRegistrationTicket } from './move-registration-ticket.server.ts'
import { defaultStripe, refundRegistration } from './refund-registration.server.ts'

export type DeskActionResult = {
  intent: DeskAction['intent']
  registrationId: string
  changed: boolean
  status: string
  /** A refund asked of Stripe: the registration ends when Stripe confirms. */
  pending?: boolean
}

/**
 * A row action on the registrations desk. Each is idempotent: confirming a confirmed
 * registration, cancelling a cancelled one or repeating a resend with the same nonce
 * changes nothing and writes nothing. Confirm and cancel reuse the registration use cases
 * (which audit, move the seat counter and revoke live access); a resend is audited here.
 * Moving to another ticket and refunding have their own use cases, each audited.
 */
export async function runStaffRegistrationAction(
  db: Db,
  eventId: string,
  action: DeskAction,
  actorUserId: string,
  ctx: AuditContext,
  now = new Date(),
  stripe: () => Stripe | null = defaultStripe,
): Promise<DeskActionResult> {
  const reg = await db.registration.findFirst({ where: { id: action.registrationId, eventId }, select: { id: true, status: true } })
  if (!reg) throw new AppError('not_found', 'No such registration')
  const audit = { ...ctx, userId: actorUserId }
  switch (action.intent) {
    case 'confirm': {
      if (reg.status === 'CONFIRMED' || reg.status === 'PENDING_PAYMENT') return { intent: action.intent, registrationId: reg.id, changed: false, status: reg.status }
      const decided = await decideRegistration(db, { eventId, registrationId: reg.id, decision: 'approve' }, audit, now)
      return { intent: action.intent, registrationId: reg.id, changed: true, status: decided.status }
    }
    case 'cancel': {
      if (reg.status === 'CANCELLED') return { intent: action.intent, registrationId: reg.id, changed: false, status: reg.status }
      await cancelRegistration(db, { registrationId: reg.id, actorUserId, asStaff: true }, audit, now)
      return { intent: action.intent, registrationId: reg.id, changed: true, status: 'CANCELLED' }
    }
    case 'resend':
      return resendConfirmation(db, reg.id, action.nonce, audit)
    case 'move': {
      const moved = await moveRegistrationTicket(db, { eventId, registrationId: reg.id, ticketTypeId: action.ticketTypeId, note: action.note }, actorUserId, ctx, now)
      return { intent: action.intent, registrationId: reg.id, changed: moved.changed, status: reg.status }
    }
    case 'refund': {
      const refunded = await refundRegistration(db, { eventId, registrationId: reg.id, reference: action.reference }, actorUserId, ctx, stripe, now)
      return { intent: action.intent, registrationId: reg.id, changed: refunded.changed, status: refunded.pending ? reg.status : 'CANCELLED', pending: refunded.pending }
    }
  }
}

/**
 * Queues the confirmation mail again. The original is written by queueConfirmationEmail
 * (keyed on the confirmation); each resend is a copy under a key holding the desk's nonce,
 * so a double-submitted form sends one mail, and a new click sends another.
 */
async function resendConfirmation(db: Db, registrationId: string, nonce: string, ctx: AuditContext): Promise<DeskActionResult> {
  return db.$transaction(async (tx) => {
    const reg = await tx.registration.findUnique({ where: { id: registrationId }, select: { status: true, confirmedAt: true } })
    if (!reg || reg.status !== 'CONFIRMED' || !reg.confirmedAt) throw new AppError('ticket_not_confirmed', 'Only a confirmed registration has a confirmation to resend')
    const originalKey = `registration_confirmed:${registrationId}:${reg.confirmedAt.getTime()}`
    const resendKey = `registration_confirmed:${registrationId}:resend:${nonce}`
    if (await tx.emailMessage.findUnique({ where: { dedupeKey: resendKey }, select: { id: true } })) return { intent: 'resend' as const, registrationId, changed: false, status: reg.status }
    const original = await tx.emailMessage.findUnique({ where: { dedupeKey: originalKey } })
    let count: number
    if (original) {
      ;({ count } = await tx.emailMessage.createMany({
        data: [
          {
            dedupeKey: resendKey,
            kind: original.kind,
            toAddress: original.toAddress,
            userId: original.userId,
            locale: original.locale,
            subject: original.subject,
            text: original.text,
            html: original.html,
            status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
          },
        ],
        skipDuplicates: true,
      }))
    } else {
      // Never mailed (registrations written outside the app): this resend is the first mail.
      // It is filed under the resend key, so a repeat of this nonce finds it.
      await queueConfirmationEmail(tx, registrationId)
      ;({ count } = await tx.emailMessage.updateMany({ where: { dedupeKey: originalKey }, data: { dedupeKey: resendKey } }))
    }
    if (count === 1) await writeAudit(tx, 'registration.confirmation_resent', { registrationId, dedupeKey: resendKey }, ctx)
    return { intent: 'resend' as const, registrationId, changed: count === 1, status: reg.status }
  })
}
