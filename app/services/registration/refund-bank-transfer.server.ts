import { canCancel } from '~/domain/registration.ts'
import { transferRefundProblem } from '~/domain/tier-eligibility.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { cancelRegistrationInTx, flagCertificatesOfRefund } from './cancel-registration.server.ts'
import { RUSH_TRANSACTION } from './register-for-event.server.ts'

export type TransferRefundInput = { eventId: string; registrationId: string; amount: number; refundedOn: Date; reference: string }
export type TransferRefundResult = { registrationId: string; changed: boolean; flaggedCertificates: number; promotedRegistrationId: string | null }

/**
 * Staff record money paid by bank transfer and given back by transfer (issue 15 §2). In one
 * transaction: the refund row (one per registration: a repeat changes nothing), the
 * cancellation (the seat goes to the waiting list) and, when a credit certificate was already
 * issued, its flag for review; audited. The money itself moves at the bank: this records it.
 */
export async function refundBankTransfer(db: Db, input: TransferRefundInput, actorUserId: string, ctx: AuditContext, now = new Date()): Promise<TransferRefundResult> {
  const audit = { ...ctx, userId: actorUserId }
  try {
    const outcome = await db.$transaction(async (tx) => {
      const reg = await tx.registration.findFirst({
        where: { id: input.registrationId, eventId: input.eventId },
        select: { id: true, status: true, amount: true, currency: true, userId: true, bankTransfer: { select: { id: true, status: true } }, transferRefund: { select: { id: true } } },
      })
      if (!reg) throw new AppError('not_found', 'No such registration')
      if (reg.transferRefund) return { result: { registrationId: reg.id, changed: false, flaggedCertificates: 0, promotedRegistrationId: null }, holder: null }
      const problem = transferRefundProblem({ transferStatus: reg.bankTransfer?.status ?? null, paid: reg.amount, amount: input.amount, alreadyRefunded: false })
      if (problem === 'amount') throw new AppError('validation_failed', 'The refund is more than was paid', { fields: { amount: 'eligibility.refund.badAmount' } })
      if (problem) throw new AppError('not_refundable', 'This registration was not paid by a received bank transfer')
      await tx.transferRefund.create({
        data: {
          registrationId: reg.id,
          bankTransferId: reg.bankTransfer!.id,
          amount: input.amount,
          currency: reg.currency,
          refundedOn: input.refundedOn,
          reference: input.reference,
          recordedById: actorUserId,
        },
      })
      const cancelled = canCancel(reg.status) ? await cancelRegistrationInTx(tx, { registrationId: reg.id, actorUserId, asStaff: true, reason: 'refunded' }, audit, now) : null
      const flaggedCertificates = await flagCertificatesOfRefund(tx, reg.id, audit, now)
      await writeAudit(tx, 'registration.refunded_by_transfer', { registrationId: reg.id, bankTransferId: reg.bankTransfer!.id, amount: input.amount, flaggedCertificates }, audit)
      return {
        result: { registrationId: reg.id, changed: true, flaggedCertificates, promotedRegistrationId: cancelled?.result.promotedRegistrationId ?? null },
        holder: cancelled?.holder ?? null,
      }
    }, RUSH_TRANSACTION)
    if (outcome.holder) announceAccessRevoked({ kind: 'registration', ...outcome.holder, reason: 'cancelled' })
    logger.info({ registrationId: input.registrationId, changed: outcome.result.changed, flagged: outcome.result.flaggedCertificates }, 'transfer refund recorded')
    return outcome.result
  } catch (error) {
    // Two clerks recording the same refund at once: the unique key lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return { registrationId: input.registrationId, changed: false, flaggedCertificates: 0, promotedRegistrationId: null }
    throw error
  }
}
