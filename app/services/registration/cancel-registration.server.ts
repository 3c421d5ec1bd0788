import { canCancel, holdsSeat, refundAmount } from '~/domain/registration.ts'
import { statusWithEvidence } from '~/domain/tier-eligibility.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { releaseSeat, RUSH_TRANSACTION, takeSeat } from './register-for-event.server.ts'

export type CancelResult = {
  registrationId: string
  /** Refund owed by the event's rules, in the smallest currency unit; 0 when none. */
  refundDue: number
  /** The wait-listed registration promoted into the freed seat, if any. */
  promotedRegistrationId: string | null
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type CancelInput = { registrationId: string; actorUserId: string | null; asStaff?: boolean; reason?: string }

/**
 * Frees one seat of a ticket type and gives it to the earliest wait-listed registration, if
 * any, in the caller's transaction. The promoted registration goes on as a new one would:
 * evidence still to be checked or a ticket needing approval waits, else payment or confirmation.
 */
export async function releaseSeatAndPromote(
  tx: Tx,
  seat: { ticketTypeId: string; quota: number | null; requiresApproval: boolean; freedBy: string },
  ctx: AuditContext,
  now: Date,
): Promise<string | null> {
  await releaseSeat(tx, seat.ticketTypeId)
  const next = await tx.registration.findFirst({ where: { ticketTypeId: seat.ticketTypeId, status: 'WAITLISTED' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  if (!next || !(await takeSeat(tx, seat.ticketTypeId, seat.quota))) return null
  const status = statusWithEvidence({ seatAvailable: true, requiresApproval: seat.requiresApproval, amount: next.amount, evidence: next.tierEvidence })
  await tx.registration.update({ where: { id: next.id }, data: { status, confirmedAt: status === 'CONFIRMED' ? now : null } })
  await writeAudit(tx, 'registration.promoted', { registrationId: next.id, status, freedBy: seat.freedBy }, ctx)
  if (status === 'CONFIRMED') await queueConfirmationEmail(tx, next.id)
  return next.id
}

/**
 * Flags the valid certificates of a refunded registration for staff review (issue 15 §2): the
 * credit stays as issued, never revoked automatically; the credits page shows why. Returns how
 * many were flagged now (0 when already flagged for this reason).
 */
export async function flagCertificatesOfRefund(tx: Tx, registrationId: string, ctx: AuditContext, now: Date): Promise<number> {
  const { count } = await tx.certificate.updateMany({
    where: { registrationId, status: 'VALID', OR: [{ reviewReason: null }, { reviewReason: { not: REFUND_REVIEW_REASON } }] },
    data: { reviewFlaggedAt: now, reviewReason: REFUND_REVIEW_REASON },
  })
  if (count > 0) await writeAudit(tx, 'certificate.flagged_for_review', { registrationId, reason: REFUND_REVIEW_REASON, count }, ctx)
  return count
}

/** `Certificate.reviewReason` of a certificate whose registration was refunded. */
export const REFUND_REVIEW_REASON = 'registration_refunded'

/**
 * The cancellation inside a caller's transaction (the transfer-deadline sweep cancels several
 * registrations and expires their transfer together). The caller announces the revocation
 * after commit.
 */
export async function cancelRegistrationInTx(tx: Tx, input: CancelInput, ctx: AuditContext, now: Date) {
  const reg = await tx.registration.findUnique({
    where: { id: input.registrationId },
    include: {
      ticketType: true,
      event: { select: { startsAt: true } },
      payments: { where: { status: 'PAID' }, select: { amount: true, refundedAmount: true } },
      bankTransfer: { select: { id: true, status: true, _count: { select: { registrations: { where: { status: 'PENDING_PAYMENT' } } } } } },
    },
  })
  if (!reg || (!input.asStaff && reg.userId !== input.actorUserId)) throw new AppError('not_found', 'No such registration')
  if (!canCancel(reg.status)) throw new AppError('not_cancellable', 'Registration cannot be cancelled')

  // Only a row still in the state we read may change: a concurrent cancel loses here.
  const { count } = await tx.registration.updateMany({ where: { id: reg.id, status: reg.status }, data: { status: 'CANCELLED', cancelledAt: now } })
  if (count !== 1) throw new AppError('conflict', 'Registration changed meanwhile')

  // A transfer still awaited stops expecting this registration's money: its own transfer is
  // cancelled; a hospital's group transfer owes that much less.
  if (reg.status === 'PENDING_PAYMENT' && reg.bankTransfer?.status === 'AWAITING') {
    if (reg.bankTransfer._count.registrations <= 1) await tx.bankTransfer.updateMany({ where: { id: reg.bankTransfer.id, status: 'AWAITING' }, data: { status: 'CANCELLED' } })
    else await tx.bankTransfer.updateMany({ where: { id: reg.bankTransfer.id, status: 'AWAITING', amount: { gt: reg.amount } }, data: { amount: { decrement: reg.amount } } })
  }

  let promotedRegistrationId: string | null = null
  if (holdsSeat(reg.status))
    promotedRegistrationId = await releaseSeatAndPromote(
      tx,
      { ticketTypeId: reg.ticketTypeId, quota: reg.ticketType.quota, requiresApproval: reg.ticketType.requiresApproval, freedBy: reg.id },
      ctx,
      now,
    )
  const paid = reg.payments.reduce((sum, p) => sum + p.amount - p.refundedAmount, 0)
  const refundDue = refundAmount(reg.ticketType, paid, now, reg.event.startsAt)
  await writeAudit(
    tx,
    'registration.cancelled',
    { registrationId: reg.id, previousStatus: reg.status, refundDue, ...(input.reason ? { reason: input.reason } : {}) },
    { ...ctx, userId: input.actorUserId },
  )
  return { result: { registrationId: reg.id, refundDue, promotedRegistrationId } satisfies CancelResult, holder: { userId: reg.userId, eventId: reg.eventId } }
}

/**
 * Cancels a registration by its owner (or staff). A freed seat goes to the earliest
 * wait-listed registration of the same ticket type, in the same transaction.
 */
export async function cancelRegistration(db: Db, input: { registrationId: string; actorUserId: string; asStaff?: boolean }, ctx: AuditContext = {}, now = new Date()): Promise<CancelResult> {
  const outcome = await db.$transaction((tx) => cancelRegistrationInTx(tx, input, ctx, now), RUSH_TRANSACTION)
  // Committed: the holder's open live connections to the event end now (refunds and disputes come through here too).
  announceAccessRevoked({ kind: 'registration', ...outcome.holder, reason: 'cancelled' })
  logger.info({ registrationId: outcome.result.registrationId, promoted: outcome.result.promotedRegistrationId }, 'registration cancelled')
  return outcome.result
}
