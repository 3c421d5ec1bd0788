import type { z } from 'zod'
import type { ticketTypeFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

export async function addTicketType(db: Db, eventId: string, form: z.infer<typeof ticketTypeFormSchema>, ctx: AuditContext) {
  const count = await db.ticketType.count({ where: { eventId } })
  const ticket = await db.ticketType.create({ data: { eventId, ...form, position: count } }).catch(() => {
    throw new AppError('not_found', 'No such event')
  })
  await writeAudit(db, 'ticket_type.created', { eventId, ticketTypeId: ticket.id }, ctx)
  return ticket
}
