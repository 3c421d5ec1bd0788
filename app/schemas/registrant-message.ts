import { z } from 'zod'
import { MESSAGE_BODY_MAX, TEMPLATE_NAME_MAX, validateMessageTemplate, type TemplateProblem } from '~/domain/registrant-message.ts'
import { idChoiceSchema, idSchema, safeString } from './common.ts'

/** A field of the message form, a browser's CRLF line ends as LF; the domain checks lengths and placeholders (with a hard cap here). */
const templateText = safeString()
  .max(MESSAGE_BODY_MAX * 2, 'validation.tooLong')
  .default('')
  .transform((v) => v.replace(/\r\n?/g, '\n'))

/** A template problem as a field error: an i18n key, with its values as a query string. */
export function templateProblemMessage(problem: TemplateProblem): string {
  const values = new URLSearchParams()
  if (problem.code === 'unknown_placeholder') values.set('placeholder', problem.placeholder)
  if (problem.code === 'too_long') values.set('limit', String(problem.limit))
  const query = values.toString()
  return `deskMessages.problem.${problem.code}${query ? `?${query}` : ''}`
}

/** The four texts of a message, valid for sending: each problem is reported on its field. */
export const messageTemplateSchema = z.object({ subjectZh: templateText, bodyZh: templateText, subjectEn: templateText, bodyEn: templateText }).superRefine((template, ctx) => {
  for (const problem of validateMessageTemplate(template)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.field], message: templateProblemMessage(problem) })
})

const nonce = safeString().regex(/^[A-Za-z0-9_-]{8,64}$/)

/** The message page's forms: preview, send (once per nonce), save or delete a template. */
export const registrantMessageActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview') }),
  z.object({
    intent: z.literal('send'),
    nonce,
    /** The recipient count the preview showed: a different count now refuses the send. */
    expected: z.coerce.number().int().min(1).max(10_000_000),
    templateId: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
  }),
  z.object({
    intent: z.literal('saveTemplate'),
    name: safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(TEMPLATE_NAME_MAX, 'validation.tooLong'),
  }),
  z.object({ intent: z.literal('deleteTemplate'), templateId: idChoiceSchema }),
])
export type RegistrantMessageAction = z.infer<typeof registrantMessageActionSchema>

/** The page's own URL parameters beside the desk filter: a template to load, a send to show. */
export const messagesPageQuerySchema = z.object({
  template: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
  send: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
})
