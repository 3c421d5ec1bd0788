import { planGroupTransfer } from '~/domain/bank-transfer.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { newTransferReference } from './open-bank-transfer.server.ts'
import { queueTransferInstructionsEmail } from './queue-transfer-emails.server.ts'

/**
 * One hospital pays for several of its doctors with one transfer: their own awaited transfers
 * are replaced (CANCELLED) by one group transfer with a new reference, the total amount and the
 * latest of their deadlines (rules: planGroupTransfer). Each attendee is sent the new reference.
 */
export async function groupBankTransfers(db: Db, input: { eventId: string; registrationIds: string[]; payerName: string }, ctx: AuditContext) {
  const group = await db.$transaction(async (tx) => {
    const regs = await tx.registration.findMany({
      where: { id: { in: input.registrationIds } },
      select: {
        id: true,
        eventId: true,
        status: true,
        amount: true,
        currency: true,
        bankTransfer: { select: { id: true, status: true, deadline: true, payerName: true, fapiaoRequest: { select: { id: true } }, _count: { select: { registrations: true } } } },
        fapiaoRequest: { select: { id: true } },
      },
    })
    if (regs.length !== new Set(input.registrationIds).size) throw new AppError('not_found', 'No such registration')
    const plan = planGroupTransfer(
      input.eventId,
      regs.map((r) => ({
        registrationId: r.id,
        eventId: r.eventId,
        status: r.status,
        amount: r.amount,
        currency: r.currency,
        transfer: r.bankTransfer
          ? {
              id: r.bankTransfer.id,
              status: r.bankTransfer.status,
              deadline: r.bankTransfer.deadline,
              group: r.bankTransfer._count.registrations > 1,
              hasFapiao: Boolean(r.bankTransfer.fapiaoRequest || r.fapiaoRequest),
            }
          : null,
      })),
    )
    if (!plan.ok) throw new AppError('conflict', `These registrations cannot share one transfer: ${plan.problem}`, { problem: plan.problem, registrationId: plan.registrationId })
    const { count } = await tx.bankTransfer.updateMany({ where: { id: { in: plan.replacedTransferIds }, status: 'AWAITING' }, data: { status: 'CANCELLED' } })
    if (count !== plan.replacedTransferIds.length) throw new AppError('conflict', 'A transfer changed meanwhile')
    const transfer = await tx.bankTransfer.create({
      data: { eventId: input.eventId, reference: await newTransferReference(tx), amount: plan.amount, currency: plan.currency, deadline: plan.deadline, payerName: input.payerName },
    })
    await tx.registration.updateMany({ where: { id: { in: regs.map((r) => r.id) } }, data: { bankTransferId: transfer.id } })
    await writeAudit(
      tx,
      'bank_transfer.grouped',
      { transferId: transfer.id, reference: transfer.reference, amount: transfer.amount, registrationIds: regs.map((r) => r.id), replaced: plan.replacedTransferIds },
      ctx,
    )
    for (const reg of regs) await queueTransferInstructionsEmail(tx, reg.id, transfer.id)
    return transfer
  })
  logger.info({ transferId: group.id, registrations: input.registrationIds.length }, 'bank transfers grouped')
  return group
}
