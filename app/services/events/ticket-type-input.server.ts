import type { z } from 'zod'
import { quotaProblem, salesWindowProblem, ticketPriceProblems } from '~/domain/staff-edit-rules.ts'
import { zonedTimeToUtc } from '~/domain/time.ts'
import type { ticketTypeFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'

type TicketForm = z.infer<typeof ticketTypeFormSchema>
const TIME_FIELDS = ['earlyBirdUntil', 'salesStartAt', 'salesEndAt', 'refundUntil'] as const
type TimeField = (typeof TIME_FIELDS)[number]

/**
 * A ticket form turned into row data, in the event's time zone, or a field-by-field
 * refusal. A time that does not exist (31 February, a skipped hour the browser could not
 * send) is refused with a message, never stored as "no date", since an empty date means
 * "no early bird" or "no deadline" and would change the price or the refund rule silently.
 */
export function ticketTypeData(form: TicketForm, timeZone: string, seatsTaken = 0) {
  const fields: Record<string, string> = {}
  const at = (name: TimeField) => {
    const local = form[name]
    if (!local) return null
    const instant = zonedTimeToUtc(local, timeZone)
    if (!instant) fields[name] = 'validation.dateTime'
    return instant
  }
  const rest = Object.fromEntries(Object.entries(form).filter(([key]) => !(TIME_FIELDS as readonly string[]).includes(key))) as Omit<TicketForm, TimeField>
  const times = { earlyBirdUntil: at('earlyBirdUntil'), salesStartAt: at('salesStartAt'), salesEndAt: at('salesEndAt'), refundUntil: at('refundUntil') }
  Object.assign(fields, salesWindowProblem(times.salesStartAt, times.salesEndAt), ticketPriceProblems(rest, times.earlyBirdUntil), quotaProblem(rest.quota, seatsTaken), fields)
  if (Object.keys(fields).length) throw new AppError('validation_failed', 'Ticket type breaks a rule', { fields })
  return { ...rest, ...times }
}
