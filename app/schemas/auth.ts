import { z } from 'zod'
import { passwordProblem, PASSWORD_PROBLEM_MESSAGES } from '~/domain/password-policy.ts'
import { safeString } from './common.ts'

// Shared by the forms and their actions. Messages are i18n keys, translated where shown.
const email = safeString({ required_error: 'validation.required' }).trim().toLowerCase().min(1, 'validation.required').max(254, 'validation.tooLong').email('validation.email')
const NO_LIST: ReadonlySet<string> = new Set()

/**
 * A new password (sign-up, password change and reset): not blank, 10–128 characters
 * (app/domain/password-policy.ts). Whether it is one of the 10,000 most common passwords
 * needs the list, which only the server loads: services check it with
 * `assertNewPasswordAllowed` (app/services/accounts/password-policy.server.ts).
 */
export const newPasswordSchema = safeString({ required_error: 'validation.required' }).superRefine((value, ctx) => {
  const problem = value === '' ? null : passwordProblem(value, NO_LIST)
  if (value === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.required' })
  else if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PASSWORD_PROBLEM_MESSAGES[problem] })
})
const text = (max: number) => safeString().trim().max(max, 'validation.tooLong')
const optionalText = (max: number) =>
  safeString()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((v) => (v ? v : null))
const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' ? Number(v.trim()) : v),
    z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message).nullable(),
  )

export const loginSchema = z.object({
  email,
  password: safeString({ required_error: 'validation.required' }).min(1, 'validation.required').max(128, 'validation.passwordLong'),
  redirectTo: safeString().optional(),
})

export const signupSchema = z.object({
  email,
  password: newPasswordSchema,
  realName: text(100).min(1, 'validation.required'),
  redirectTo: safeString().optional(),
})

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export const profileSchema = z
  .object({
    realName: text(100).min(1, 'validation.required'),
    institution: optionalText(200),
    title: optionalText(100),
    licenseId: optionalText(64),
    boardId: optionalText(64),
    birthMonth: optionalInt(1, 12, 'validation.month'),
    birthDay: optionalInt(1, 31, 'validation.day'),
  })
  .superRefine((v, ctx) => {
    if (v.birthDay !== null && v.birthMonth === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['birthMonth'], message: 'validation.dayWithoutMonth' })
    }
    if (v.birthDay !== null && v.birthMonth !== null && v.birthDay > (DAYS_IN_MONTH[v.birthMonth - 1] ?? 31)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['birthDay'], message: 'validation.dayInMonth' })
    }
  })

export type ProfileInput = z.infer<typeof profileSchema>

const REDIRECT_BASE = 'http://same-origin.invalid'

/**
 * Only same-origin paths may be redirect targets (no open redirects). The target is parsed
 * the way a browser would (`new URL`, which drops tabs and newlines and reads `\` as `/`),
 * must stay on this origin, and may contain no control character at all, so `/%09/evil`
 * (a tab once the form is decoded) or `/\evil` never becomes `//evil`. The result is the
 * URL's own serialisation: ASCII only, safe in a Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/events'): string {
  if (typeof to !== 'string' || to.length > 2048 || !to.startsWith('/')) return fallback
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001F\u007F\\]/.test(to) || to.startsWith('//')) return fallback
  let url: URL
  try {
    url = new URL(to, REDIRECT_BASE)
  } catch {
    return fallback
  }
  if (url.origin !== REDIRECT_BASE) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

/** Field errors as { field: i18nKey } (first message per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form'
    out[key] ??= issue.message
  }
  return out
}
