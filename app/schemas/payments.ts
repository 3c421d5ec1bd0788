import { z } from 'zod'
import { STATEMENT_LIMITS } from '~/domain/bank-statement.ts'
import { HOLD_DAYS } from '~/domain/bank-transfer.ts'
import { isValidInvoiceNumber, SPECIAL_FIELDS } from '~/domain/fapiao.ts'
import { normaliseTaxpayerId, taxpayerIdProblem } from '~/domain/taxpayer-id.ts'
import { idChoiceSchema, idSchema, safeString } from './common.ts'
import { transferRefundSchema } from './eligibility.ts'

const text = (max: number) => safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')
const optionalText = (max: number) =>
  safeString()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((v) => v || null)

/** The association's account for transfers to one event (staff); `enabled` off removes it. */
export const bankAccountFormSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal('off') }),
  z.object({
    enabled: z.literal('on'),
    accountName: text(100),
    bankName: text(100),
    accountNumber: safeString({ required_error: 'validation.required' })
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{8,32}$/, 'payments.validation.accountNumber')),
    holdDays: z.coerce.number({ message: 'validation.number' }).int('validation.number').min(HOLD_DAYS.min, 'payments.validation.holdDays').max(HOLD_DAYS.max, 'payments.validation.holdDays'),
  }),
])
export type BankAccountForm = z.infer<typeof bankAccountFormSchema>

/** One statement line as the preview sent it back to confirm (matched again on the server). */
const statementLineSchema = z.object({
  row: z.number().int().min(1).max(1_000_000),
  date: safeString().max(40),
  amount: z.number().int().min(0).max(1e14).nullable(),
  payer: safeString().max(200),
  remark: safeString().max(1000),
  transactionId: safeString().max(100),
})

export const paymentsActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('account') }).passthrough(),
  z.object({ intent: z.literal('received'), transferId: idSchema }),
  z.object({ intent: z.literal('group'), payerName: text(100), registrationIds: z.array(idChoiceSchema).min(2, 'payments.validation.groupTooFew').max(200) }),
  z.object({ intent: z.literal('preview'), statement: z.instanceof(Blob, { message: 'validation.required' }) }),
  z.object({
    intent: z.literal('confirm'),
    lines: safeString()
      .max(STATEMENT_LIMITS.bytes * 2)
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.required' })
          return z.NEVER
        }
      })
      .pipe(z.array(statementLineSchema).max(STATEMENT_LIMITS.rows)),
  }),
  z.object({ intent: z.literal('issue'), requestId: idSchema, invoiceNumber: optionalText(20), pdf: z.unknown().optional() }),
  transferRefundSchema,
])

/** A fapiao request (any payer). Special invoices need the buyer's address, phone, bank and account. */
export const fapiaoRequestSchema = z
  .object({
    kind: z.enum(['GENERAL', 'SPECIAL'], { message: 'validation.choice' }),
    buyerName: text(100),
    taxId: safeString({ required_error: 'validation.required' })
      .transform(normaliseTaxpayerId)
      .refine((v) => taxpayerIdProblem(v) === null, 'payments.validation.taxId'),
    email: safeString({ required_error: 'validation.required' }).trim().email('validation.email').max(200, 'validation.tooLong'),
    address: optionalText(200),
    phone: optionalText(40),
    bankName: optionalText(100),
    bankAccount: optionalText(40),
  })
  .superRefine((f, ctx) => {
    if (f.kind !== 'SPECIAL') return
    for (const field of SPECIAL_FIELDS) if (!f[field]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: 'payments.validation.specialRequired' })
  })
export type FapiaoRequestForm = z.infer<typeof fapiaoRequestSchema>

export const invoiceNumberSchema = z.string().refine(isValidInvoiceNumber, 'payments.validation.invoiceNumber')
