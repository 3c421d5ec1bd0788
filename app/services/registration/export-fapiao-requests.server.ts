import ExcelJS from 'exceljs'
import type { AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** Columns in the order of the tax bureau's invoicing form (开票信息), so a clerk types across. */
export const FAPIAO_EXPORT_COLUMNS = [
  'requestId',
  'kind',
  'buyerName',
  'taxId',
  'address',
  'phone',
  'bankName',
  'bankAccount',
  'item',
  'amount',
  'email',
  'attendees',
  'reference',
  'paid',
  'status',
  'invoiceNumber',
  'requestedAt',
] as const

/**
 * The fapiao requests of an event as an XLSX workbook an invoicing clerk works from: one row
 * per fapiao, long ids as text cells (an 18-digit taxpayer id or account must not become a rounded number; a
 * string cell is never run as a formula), the
 * amount in yuan with two decimals, whether the money has arrived, and the attendees it covers.
 */
export async function exportFapiaoRequests(db: Db, eventId: string, locale: AppLocale) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const requests = await db.fapiaoRequest.findMany({
    where: { eventId },
    orderBy: [{ status: 'asc' }, { createdAt: 'asc' }],
    include: {
      registration: { select: { status: true, user: { select: { realName: true } }, bankTransfer: { select: { reference: true, status: true } } } },
      bankTransfer: { select: { reference: true, status: true, registrations: { select: { status: true, user: { select: { realName: true } } } } } },
    },
  })
  const book = new ExcelJS.Workbook()
  book.creator = 'cme-forum'
  const sheet = book.addWorksheet(translate(locale, 'payments.fapiao.sheet'))
  sheet.columns = FAPIAO_EXPORT_COLUMNS.map((key) => ({
    header: translate(locale, `payments.fapiao.columns.${key}`),
    key,
    width: key === 'buyerName' || key === 'address' ? 36 : key === 'taxId' || key === 'bankAccount' ? 24 : 16,
    style: key === 'amount' ? { numFmt: '0.00' } : { numFmt: '@' },
  }))
  sheet.getRow(1).font = { bold: true }
  for (const r of requests) {
    const transfer = r.bankTransfer ?? r.registration?.bankTransfer ?? null
    const attendees = r.bankTransfer ? r.bankTransfer.registrations.map((x) => x.user.realName) : [r.registration?.user.realName ?? '']
    const paid = r.bankTransfer ? r.bankTransfer.status === 'RECEIVED' : r.registration?.status === 'CONFIRMED'
    sheet.addRow({
      requestId: r.id,
      kind: translate(locale, `payments.fapiao.kind.${r.kind}`),
      buyerName: r.buyerName,
      taxId: r.taxId,
      address: r.address ?? '',
      phone: r.phone ?? '',
      bankName: r.bankName ?? '',
      bankAccount: r.bankAccount ?? '',
      item: translate(locale, 'payments.fapiao.item', { event: event.titleZh }),
      amount: r.amount / 100,
      email: r.email,
      attendees: attendees.join('、'),
      reference: transfer?.reference ?? '',
      paid: translate(locale, paid ? 'desk.yes' : 'desk.no'),
      status: translate(locale, `payments.fapiao.state.${r.status === 'ISSUED' ? 'issued' : 'requested'}`),
      invoiceNumber: r.invoiceNumber ?? '',
      requestedAt: r.createdAt.toISOString(),
    })
  }
  return { filename: `fapiao-${event.slug}.xlsx`, body: new Uint8Array(await book.xlsx.writeBuffer()) }
}
