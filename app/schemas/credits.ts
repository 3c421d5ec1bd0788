import { z } from 'zod'
import { parseCertificateNumber } from '~/domain/certificate-number.ts'
import { ID_SOURCE } from '~/domain/ids.ts'
import { idSchema, safeString } from './common.ts'

/** ?year= on the transcript page and PDF. */
export const yearQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() })

const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? undefined : v),
    z.coerce.number({ invalid_type_error: 'credits.validation.number' }).min(min, 'credits.validation.range').max(max, 'credits.validation.range').optional(),
  )

/** The staff form that adds a credit rule; messages are i18n keys. */
export const creditRuleSchema = z.object({
  nameZh: safeString().trim().min(1, 'validation.required').max(200),
  nameEn: safeString().trim().min(1, 'validation.required').max(200),
  scope: safeString().regex(new RegExp(`^(event|forum:${ID_SOURCE}|session:${ID_SOURCE})$`)),
  audience: z.enum(['ATTENDEE', 'FACULTY']),
  delivery: z.enum(['LIVE', 'REPLAY']),
  scheme: z.enum(['CN_CME_CLASS_I', 'CN_CME_CLASS_II', 'AMA_PRA_CAT1', 'CUSTOM']),
  mode: z.enum(['FIXED', 'PER_HOUR']),
  credits: z.coerce.number({ invalid_type_error: 'credits.validation.number' }).min(0, 'credits.validation.range').max(1000, 'credits.validation.range'),
  maxCredits: optionalNumber(0, 1000),
  rounding: z.enum(['NONE', 'QUARTER_HOUR']),
  minAttendedMinutes: optionalNumber(0, 100_000),
  minAttendedPercent: optionalNumber(0, 100),
  minPresencePercent: optionalNumber(0, 100),
  requireExamPassed: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
  requireEvaluation: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
  autoIssue: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
  projectNumber: safeString().trim().max(80).optional(),
  projectLevel: z.enum(['', 'NATIONAL', 'PROVINCIAL', 'MUNICIPAL']).optional(),
})

export const reasonSchema = safeString().trim().min(3, 'credits.validation.reason').max(500)
export const certificateActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revoke'), certificateId: idSchema, reason: reasonSchema }),
  z.object({ intent: z.literal('reissue'), certificateId: idSchema, reason: reasonSchema }),
  z.object({ intent: z.literal('override'), ruleId: idSchema, email: safeString().trim().email('validation.email'), reason: reasonSchema, credits: optionalNumber(0, 1000) }),
  z.object({ intent: z.literal('batch'), ruleId: idSchema }),
  z.object({ intent: z.literal('rule-active'), ruleId: idSchema, active: z.enum(['true', 'false']).transform((v) => v === 'true') }),
])

/** The public look-up by certificate number (/verify): the number as typed and the holder's name; messages are i18n keys. */
export const verifyLookupSchema = z.object({
  number: safeString()
    .trim()
    .min(1, 'validation.required')
    .max(200)
    .refine((v) => parseCertificateNumber(v) !== null, 'credits.verify.numberFormat'),
  name: safeString().trim().min(1, 'validation.required').max(200),
})
