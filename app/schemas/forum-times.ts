import { z } from 'zod'
import { safeString } from './common.ts'

/**
 * The staff form that confirms or corrects how a forum really ran (issue 14). Times are
 * "YYYY-MM-DDTHH:mm" in the event's time zone; pauses one per line, "YYYY-MM-DDTHH:mm YYYY-MM-DDTHH:mm"
 * (start and end), at most 50.
 */
const localTime = safeString({ required_error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime')
const pauseLines = safeString()
  .max(2000, 'validation.tooLong')
  .optional()
  .default('')
  .transform((value, ctx) => {
    const lines = value
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
    const pauses: { start: string; end: string }[] = []
    for (const line of lines) {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})\s*(?:–|-|\s)\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/.exec(line)
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.dateTime' })
        return z.NEVER
      }
      pauses.push({ start: m[1]!, end: m[2]! })
    }
    if (pauses.length > 50) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.tooLong' })
    return pauses
  })

export const forumTimesSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('confirm'), start: localTime, end: localTime, pauses: pauseLines }),
  z.object({ intent: z.literal('reset') }),
])
