import { canCancel, holdsSeat, initialStatus, refundAmount } from '~/domain/registration.ts'
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
  if (holdsSeat(reg.status)) {
    await releaseSeat(tx, reg.ticketTypeId)
    const next = await tx.registration.findFirst({
      where: { ticketTypeId: reg.ticketTypeId, status: 'WAITLISTED' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    })
    if (next && (await takeSeat(tx, reg.ticketTypeId, reg.ticketType.quota))) {
      const status = initialStatus({ seatAvailable: true, requiresApproval: reg.ticketType.requiresApproval, amount: next.amount })
      await tx.registration.update({ where: { id: next.id }, data: { status, confirmedAt: status === 'CONFIRMED' ? now : null } })
      await writeAudit(tx, 'registration.promoted', { registrationId: next.id, status, freedBy: reg.id }, ctx)
      if (status === 'CONFIRMED') await queueConfirmationEmail(tx, next.id)
      promotedRegistrationId = next.id
    }
  }
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
