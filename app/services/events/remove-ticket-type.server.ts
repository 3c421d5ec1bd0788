import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** Takes a ticket type off an event; one that anyone has registered with stays. */
export async function removeTicketType(db: Db, eventId: string, ticketTypeId: string, ctx: AuditContext) {
  const ticket = await db.ticketType.findFirst({ where: { id: ticketTypeId, eventId }, select: { id: true, event: { select: { slug: true } }, _count: { select: { registrations: true } } } })
  if (!ticket) throw new AppError('not_found', 'No such ticket type in this event')
  if (ticket._count.registrations > 0) throw new AppError('in_use', 'People have registered with this ticket type')
  await db.$transaction(async (tx) => {
    await tx.ticketType.delete({ where: { id: ticket.id } })
    await writeAudit(tx, 'ticket_type.removed', { eventId, ticketTypeId: ticket.id }, ctx)
  })
  forgetEventPage(ticket.event.slug)
}
