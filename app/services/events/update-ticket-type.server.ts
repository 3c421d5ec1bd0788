import type { z } from 'zod'
import type { ticketTypeFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { ticketTypeData } from './ticket-type-input.server.ts'

/**
 * Edits a ticket type under the rules of a new one, plus: the quota may not drop below the
 * seats already held. Prices changed here apply to new registrations only; a registration
 * keeps the amount it was created with. The row is locked while the seats are compared, so
 * a registration taking a seat at that moment is counted.
 */
export async function updateTicketType(db: Db, eventId: string, ticketTypeId: string, form: z.infer<typeof ticketTypeFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ seatsTaken: number }[]>`SELECT "seatsTaken" FROM "TicketType" WHERE id = ${ticketTypeId} AND "eventId" = ${eventId} FOR UPDATE`
    if (!row) throw new AppError('not_found', 'No such ticket type in this event')
    const data = ticketTypeData(form, event.timeZone, row.seatsTaken)
    await tx.ticketType.update({ where: { id: ticketTypeId }, data })
    await writeAudit(tx, 'ticket_type.updated', { eventId, ticketTypeId, quota: data.quota, priceNonMember: data.priceNonMember }, ctx)
  })
  forgetEventPage(event.slug)
}
