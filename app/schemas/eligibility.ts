import { z } from 'zod'
import { parseAmount } from '~/domain/bank-statement.ts'
import { MEMBER_LIST_LIMITS } from '~/domain/tier-eligibility.ts'
import { idSchema, safeString } from './common.ts'

/** One previewed member, [number, name], as the preview sent it back to confirm (checked again on the server). */
const memberRowSchema = z.tuple([safeString().min(1).max(64), safeString().min(1).max(100)]).transform(([number, name]) => ({ number, name }))

/** The staff eligibility page's actions: preview or replace the member list, decide evidence. */
export const eligibilityActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview'), members: z.instanceof(Blob, { message: 'validation.required' }) }),
  z.object({
    intent: z.literal('replace'),
    members: safeString()
      .max(MEMBER_LIST_LIMITS.bytes * 2)
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.required' })
          return z.NEVER
        }
      })
      .pipe(z.array(memberRowSchema).min(1).max(MEMBER_LIST_LIMITS.rows)),
  }),
  z.object({ intent: z.enum(['approve', 'reject', 'convert']), registrationId: idSchema }),
])

/** The register form's evidence: a member number (letters, digits, spaces and dashes as typed). */
export const memberNumberFieldSchema = safeString().trim().max(64, 'validation.tooLong').optional()

/** A refund by transfer recorded by staff: the amount in yuan (to fen), the day and the bank's reference. */
export const transferRefundSchema = z.object({
  intent: z.literal('refund'),
  registrationId: idSchema,
  amount: safeString({ required_error: 'validation.required' })
    .transform((v) => parseAmount(v))
    .pipe(z.number({ invalid_type_error: 'validation.amount' }).int().min(1, 'validation.amount').max(100_000_000, 'validation.amount')),
  refundedOn: safeString({ required_error: 'validation.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
    .transform((v, ctx) => {
      const day = new Date(`${v}T00:00:00Z`)
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.date' })
        return z.NEVER
      }
      return day
    }),
  reference: safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(100, 'validation.tooLong'),
})
