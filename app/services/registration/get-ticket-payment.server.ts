import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * The money side of an attendee's ticket: whether the event takes transfers, the transfer this
 * registration waits for or was paid by (with the account to pay into while it is awaited; for
 * a hospital's group, who pays and for how many), and its fapiao.
 */
export async function getTicketPayment(db: Db, input: { registrationId: string; userId: string }) {
  const reg = await db.registration.findFirst({
    where: { id: input.registrationId, userId: input.userId },
    select: {
      id: true,
      status: true,
      amount: true,
      event: { select: { timeZone: true, bankAccount: { select: { accountName: true, bankName: true, accountNumber: true } } } },
      bankTransfer: {
        select: {
          id: true,
          reference: true,
          amount: true,
          currency: true,
          status: true,
          deadline: true,
          payerName: true,
          receivedAt: true,
          _count: { select: { registrations: true } },
          fapiaoRequest: { select: { id: true, kind: true, buyerName: true, status: true, invoiceNumber: true, pdf: false } },
        },
      },
      fapiaoRequest: { select: { id: true, kind: true, buyerName: true, status: true, invoiceNumber: true } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such ticket')
  const transfer = reg.bankTransfer && reg.bankTransfer.status !== 'CANCELLED' ? reg.bankTransfer : null
  const fapiaoRow = reg.fapiaoRequest ?? transfer?.fapiaoRequest ?? null
  const hasPdf = fapiaoRow ? (await db.fapiaoRequest.count({ where: { id: fapiaoRow.id, pdf: { not: null } } })) > 0 : false
  return {
    transferOffered: Boolean(reg.event.bankAccount),
    timeZone: reg.event.timeZone,
    account: transfer?.status === 'AWAITING' ? reg.event.bankAccount : null,
    transfer: transfer
      ? {
          reference: transfer.reference,
          amount: transfer.amount,
          currency: transfer.currency,
          status: transfer.status,
          deadline: transfer.deadline,
          payerName: transfer.payerName,
          registrations: transfer._count.registrations,
          receivedAt: transfer.receivedAt,
        }
      : null,
    fapiao: fapiaoRow ? { id: fapiaoRow.id, kind: fapiaoRow.kind, buyerName: fapiaoRow.buyerName, status: fapiaoRow.status, invoiceNumber: fapiaoRow.invoiceNumber, hasPdf } : null,
    canRequestFapiao: !fapiaoRow && reg.amount > 0 && (reg.status === 'CONFIRMED' || reg.status === 'PENDING_PAYMENT'),
  }
}
