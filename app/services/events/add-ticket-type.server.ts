import type { z } from 'zod'
import type { ticketTypeFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { ticketTypeData } from './ticket-type-input.server.ts'

/**
 * Adds a ticket type: prices per tier, optional early-bird prices until a date, a quota, a
 * sales window and the refund rule. Times are read in the event's time zone.
 */
export async function addTicketType(db: Db, eventId: string, form: z.infer<typeof ticketTypeFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const data = ticketTypeData(form, event.timeZone)
  const ticket = await db.$transaction(async (tx) => {
    const count = await tx.ticketType.count({ where: { eventId } })
    const created = await tx.ticketType.create({ data: { eventId, ...data, position: count } })
    await writeAudit(tx, 'ticket_type.created', { eventId, ticketTypeId: created.id }, ctx)
    return created
  })
  forgetEventPage(event.slug)
  return ticket
}
