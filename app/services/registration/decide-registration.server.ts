import { statusAfterApproval } from '~/domain/registration.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { releaseSeatAndPromote } from './cancel-registration.server.ts'
import { RUSH_TRANSACTION } from './register-for-event.server.ts'

/**
 * Staff approve or reject a registration awaiting approval. Approval leads to payment or
 * confirmation; rejection frees the seat for the earliest wait-listed registration.
 */
export async function decideRegistration(db: Db, input: { eventId: string; registrationId: string; decision: 'approve' | 'reject' }, ctx: AuditContext, now = new Date()) {
  const { decided, userId } = await db.$transaction(async (tx) => {
    const reg = await tx.registration.findFirst({ where: { id: input.registrationId, eventId: input.eventId }, include: { ticketType: true } })
    if (!reg) throw new AppError('not_found', 'No such registration')
    if (reg.status !== 'PENDING_APPROVAL') throw new AppError('conflict', 'Registration is not awaiting approval')
    // The member or student evidence is decided first (decide-tier-evidence): approving the
    // ticket here would let the reduced price be paid unchecked.
    if (input.decision === 'approve' && reg.tierEvidence === 'PENDING') throw new AppError('tier_evidence_pending', 'The tier evidence waits for a decision first')
    const status = input.decision === 'approve' ? statusAfterApproval(reg.amount) : 'REJECTED'
    const { count } = await tx.registration.updateMany({ where: { id: reg.id, status: 'PENDING_APPROVAL' }, data: { status, confirmedAt: status === 'CONFIRMED' ? now : null } })
    if (count !== 1) throw new AppError('conflict', 'Registration changed meanwhile')
    if (status === 'CONFIRMED') await queueConfirmationEmail(tx, reg.id)
    if (status === 'REJECTED') {
      await releaseSeatAndPromote(tx, { ticketTypeId: reg.ticketTypeId, quota: reg.ticketType.quota, requiresApproval: reg.ticketType.requiresApproval, freedBy: reg.id }, ctx, now)
    }
    await writeAudit(tx, `registration.${input.decision === 'approve' ? 'approved' : 'rejected'}`, { registrationId: reg.id, status }, ctx)
    return { decided: { registrationId: reg.id, status }, userId: reg.userId }
  }, RUSH_TRANSACTION)
  // Committed: a rejected registrant keeps no live connection to the event.
  if (decided.status === 'REJECTED') announceAccessRevoked({ kind: 'registration', userId, eventId: input.eventId, reason: 'rejected' })
  return decided
}
