import { z } from 'zod'
import { EVENT_TOPICS } from '~/domain/event-topics.ts'

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'validation.date')

/** The public events list's search form (GET). Empty fields mean "any". */
export const eventListQuerySchema = z.object({
  q: z.string().trim().max(100, 'validation.tooLong').optional(),
  from: day.optional(),
  to: day.optional(),
  attend: z.enum(['online', 'venue'], { errorMap: () => ({ message: 'validation.choice' }) }).optional(),
  when: z.enum(['upcoming', 'past'], { errorMap: () => ({ message: 'validation.choice' }) }).optional(),
  /** One topic of app/domain/event-topics.ts; an unknown one is a 400 like any other bad filter. */
  topic: z.enum(EVENT_TOPICS, { errorMap: () => ({ message: 'validation.choice' }) }).optional(),
})
export type EventListQuery = z.infer<typeof eventListQuerySchema>

/** The query from a URL: blank fields dropped; the parse result carries a message key per bad field. */
export function parseEventListQuery(url: string) {
  const params = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v.trim() !== ''))
  return eventListQuerySchema.safeParse(params)
}
