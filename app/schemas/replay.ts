import { z } from 'zod'
import { parseTrimTime } from '~/domain/replay.ts'
import { idSchema, safeString } from './common.ts'

/**
 * The staff replay form (issue 12): publish, the availability window (event time zone,
 * "YYYY-MM-DDTHH:mm", either end may be empty), the trim (seconds or hh:mm:ss from the
 * recording's start; an empty end keeps the end),. Messages are
 * translation keys.
 */
const localTime = safeString()
  .max(20)
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v), 'validation.dateTime')
/** Seconds, or null for an empty field. */
const trimTime = safeString()
  .max(20)
  .optional()
  .default('')
  .transform((v, ctx) => {
    if (v.trim() === '') return null
    const seconds = parseTrimTime(v)
    if (seconds === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'replay.staff.badTime' })
      return z.NEVER
    }
    return seconds
  })

export const staffReplayActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.enum(['publish', 'unpublish']), replayId: idSchema }),
  z.object({ intent: z.literal('window'), replayId: idSchema, availableFrom: localTime, availableUntil: localTime }),
  z.object({ intent: z.literal('trim'), replayId: idSchema, trimStart: trimTime.transform((v) => v ?? 0), trimEnd: trimTime }),
])
export type StaffReplayAction = z.infer<typeof staffReplayActionSchema>

/** Where a viewer stopped, saved by the replay page. */
export const replayPositionSchema = z.object({
  replayId: idSchema,
  positionSec: z
    .number()
    .finite()
    .min(0)
    .max(7 * 24 * 3600),
})
