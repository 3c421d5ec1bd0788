import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** Transfers shown on the staff payments page: every awaited one, and the latest others. */
const RECENT = 200

/**
 * The staff payments page of an event: the transfer account, the transfers (awaited ones
 * first, by deadline) with the registrations each pays for, and the fapiao requests.
 */
export async function getPaymentsDesk(db: Db, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, titleZh: true, titleEn: true, currency: true, timeZone: true, bankAccount: { select: { accountName: true, bankName: true, accountNumber: true, holdDays: true } } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const transferSelect = {
    id: true,
    reference: true,
    amount: true,
    currency: true,
    status: true,
    deadline: true,
    payerName: true,
    receivedAt: true,
    receivedVia: true,
    registrations: {
      select: { id: true, status: true, amount: true, user: { select: { realName: true, institution: true } }, transferRefund: { select: { amount: true, refundedOn: true, reference: true } } },
      orderBy: { createdAt: 'asc' as const },
    },
  }
  const [awaiting, others, fapiao] = await Promise.all([
    db.bankTransfer.findMany({ where: { eventId, status: 'AWAITING' }, orderBy: [{ deadline: 'asc' }, { id: 'asc' }], select: transferSelect }),
    db.bankTransfer.findMany({ where: { eventId, status: { not: 'AWAITING' } }, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], take: RECENT, select: transferSelect }),
    db.fapiaoRequest.findMany({
      where: { eventId },
      orderBy: [{ status: 'asc' }, { createdAt: 'asc' }],
      select: {
        id: true,
        kind: true,
        buyerName: true,
        taxId: true,
        amount: true,
        currency: true,
        status: true,
        invoiceNumber: true,
        email: true,
        createdAt: true,
      },
    }),
  ])
  // Which requests have a PDF, without reading the PDFs.
  const withPdf = new Set((await db.fapiaoRequest.findMany({ where: { eventId, pdf: { not: null } }, select: { id: true } })).map((r) => r.id))
  return { event, transfers: [...awaiting, ...others], fapiao: fapiao.map((f) => ({ ...f, hasPdf: withPdf.has(f.id) })) }
}
