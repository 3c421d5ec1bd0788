import { isValidInvoiceNumber, pdfProblem } from '~/domain/fapiao.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

/**
 * The invoicing clerk issued a fapiao: its number, or its PDF, or both. A PDF is checked
 * (its header and end marker, FAPIAO_PDF_BYTES) before it is kept; issuing again corrects the
 * number or replaces the PDF (both audited).
 */
export async function issueFapiao(db: Db, input: { eventId: string; requestId: string; invoiceNumber: string | null; pdf: Uint8Array | null }, ctx: AuditContext, now = new Date()) {
  if (!input.invoiceNumber && !input.pdf) throw new AppError('validation_failed', 'Give the fapiao number or its PDF', { fields: { invoiceNumber: 'payments.validation.numberOrPdf' } })
  if (input.invoiceNumber && !isValidInvoiceNumber(input.invoiceNumber)) {
    throw new AppError('validation_failed', 'Not a fapiao number', { fields: { invoiceNumber: 'payments.validation.invoiceNumber' } })
  }
  if (input.pdf) {
    const problem = pdfProblem(input.pdf)
    if (problem) throw new AppError(problem === 'too_large' ? 'payload_too_large' : 'validation_failed', `Not an acceptable PDF: ${problem}`, { fields: { pdf: `payments.validation.pdf_${problem}` } })
  }
  const request = await db.fapiaoRequest.findFirst({ where: { id: input.requestId, eventId: input.eventId }, select: { id: true, invoiceNumber: true } })
  if (!request) throw new AppError('not_found', 'No such fapiao request')
  await db.$transaction(async (tx) => {
    await tx.fapiaoRequest.update({
      where: { id: request.id },
      data: {
        status: 'ISSUED',
        issuedAt: now,
        ...(input.invoiceNumber ? { invoiceNumber: input.invoiceNumber } : {}),
        ...(input.pdf ? { pdf: Buffer.from(input.pdf) } : {}),
      },
    })
    await writeAudit(tx, 'fapiao.issued', { requestId: request.id, invoiceNumber: input.invoiceNumber ?? request.invoiceNumber, pdfBytes: input.pdf?.length ?? null }, ctx)
  })
  logger.info({ requestId: request.id, pdf: Boolean(input.pdf) }, 'fapiao issued')
}
