/**
 * Fapiao (发票) rules. A general VAT invoice (增值税普通发票) needs the buyer's name (抬头) and
 * taxpayer id; a special one (增值税专用发票), which the buyer deducts input VAT with, also needs
 * the buyer's address, phone, bank and account, as the tax bureau's form asks for them.
 * Pure: bytes and strings in, answers out.
 */
export type FapiaoKind = 'GENERAL' | 'SPECIAL'

/** Fields a special invoice cannot be issued without. */
export const SPECIAL_FIELDS = ['address', 'phone', 'bankName', 'bankAccount'] as const

/** A fapiao PDF from the tax bureau's platform is tens to hundreds of KB; 2 MB leaves room for a scan. */
export const FAPIAO_PDF_BYTES = 2_000_000

/**
 * A fapiao number: 8 digits (the paper and earlier e-invoices, with their 10- or 12-digit code)
 * or 20 digits (the fully digital 全电发票 since 2021).
 */
export function isValidInvoiceNumber(value: string): boolean {
  return /^(?:\d{8}|\d{20})$/.test(value)
}

export type PdfProblem = 'empty' | 'too_large' | 'not_pdf' | 'truncated'

/**
 * Whether bytes are a whole PDF: the `%PDF-` header at the start, and an `%%EOF` marker in the
 * last kilobyte (a PDF cut short in transfer lacks it), within FAPIAO_PDF_BYTES.
 */
export function pdfProblem(bytes: Uint8Array, maxBytes = FAPIAO_PDF_BYTES): PdfProblem | null {
  if (bytes.length === 0) return 'empty'
  if (bytes.length > maxBytes) return 'too_large'
  const head = String.fromCharCode(...bytes.subarray(0, 5))
  if (head !== '%PDF-') return 'not_pdf'
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 1024)))
  return tail.includes('%%EOF') ? null : 'truncated'
}

export type FapiaoState = 'none' | 'requested' | 'issued'

export function fapiaoState(request: { status: 'REQUESTED' | 'ISSUED' } | null | undefined): FapiaoState {
  if (!request) return 'none'
  return request.status === 'ISSUED' ? 'issued' : 'requested'
}
