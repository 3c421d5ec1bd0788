import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/**
 * Stops the sales of a ticket type that people have bought (such a type cannot be deleted:
 * its registrations, payments and certificates point at it). Closing ends the sales window
 * now; the people who hold it keep it. Reopening is editing the sales end again.
 */
export async function closeTicketType(db: Db, eventId: string, ticketTypeId: string, now: Date, ctx: AuditContext) {
  const ticket = await db.ticketType.findFirst({ where: { id: ticketTypeId, eventId }, select: { id: true, salesEndAt: true, event: { select: { slug: true } } } })
  if (!ticket) throw new AppError('not_found', 'No such ticket type in this event')
  if (ticket.salesEndAt && ticket.salesEndAt <= now) return
  await db.$transaction(async (tx) => {
    await tx.ticketType.update({ where: { id: ticket.id }, data: { salesEndAt: now } })
    await writeAudit(tx, 'ticket_type.closed', { eventId, ticketTypeId: ticket.id }, ctx)
  })
  forgetEventPage(ticket.event.slug)
}
