import type { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type TransferReceipt = { via: 'MANUAL' } | { via: 'STATEMENT'; line: Prisma.InputJsonValue }

/**
 * The money of an awaited transfer arrived: the transfer is RECEIVED and every registration it
 * pays that still waits is CONFIRMED (with its confirmation email), in the caller's transaction.
 * Only an AWAITING transfer changes, so a second click or a second statement line is a no-op
 * that says so (`changed: false`).
 */
export async function confirmBankTransferInTx(tx: Tx, input: { eventId: string; transferId: string; receipt: TransferReceipt }, ctx: AuditContext, now: Date) {
  const { count } = await tx.bankTransfer.updateMany({
    where: { id: input.transferId, eventId: input.eventId, status: 'AWAITING' },
    data: { status: 'RECEIVED', receivedAt: now, receivedVia: input.receipt.via, ...(input.receipt.via === 'STATEMENT' ? { statementLine: input.receipt.line } : {}) },
  })
  if (count !== 1) {
    const existing = await tx.bankTransfer.findFirst({ where: { id: input.transferId, eventId: input.eventId }, select: { status: true } })
    if (!existing) throw new AppError('not_found', 'No such transfer')
    if (existing.status === 'RECEIVED') return { changed: false, confirmed: [] as string[] }
    throw new AppError('conflict', `The transfer is ${existing.status.toLowerCase()}`)
  }
  const waiting = await tx.registration.findMany({ where: { bankTransferId: input.transferId, status: 'PENDING_PAYMENT' }, select: { id: true } })
  const confirmed: string[] = []
  for (const reg of waiting) {
    const done = await tx.registration.updateMany({ where: { id: reg.id, status: 'PENDING_PAYMENT' }, data: { status: 'CONFIRMED', confirmedAt: now } })
    if (done.count !== 1) continue
    await queueConfirmationEmail(tx, reg.id)
    confirmed.push(reg.id)
  }
  const transfer = await tx.bankTransfer.findUniqueOrThrow({ where: { id: input.transferId }, select: { reference: true, amount: true } })
  await writeAudit(tx, 'bank_transfer.received', { transferId: input.transferId, reference: transfer.reference, amount: transfer.amount, via: input.receipt.via, registrationIds: confirmed }, ctx)
  return { changed: true, confirmed }
}

/** Staff mark one transfer as received, having seen it on the account (audited). */
export async function confirmBankTransfer(db: Db, input: { eventId: string; transferId: string }, ctx: AuditContext, now = new Date()) {
  const result = await db.$transaction((tx) => confirmBankTransferInTx(tx, { ...input, receipt: { via: 'MANUAL' } }, ctx, now))
  logger.info({ transferId: input.transferId, confirmed: result.confirmed.length, changed: result.changed }, 'bank transfer marked received')
  return result
}
