import type { z } from 'zod'
import type { venueFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from './get-event-page.server.ts'

export async function addVenue(db: Db, eventId: string, form: z.infer<typeof venueFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const venue = await db.venue.create({ data: { eventId, kind: form.kind, nameZh: form.nameZh, nameEn: form.nameEn, city: form.city, capacity: form.capacity } })
  await writeAudit(db, 'venue.created', { eventId, venueId: venue.id }, ctx)
  forgetEventPage(event.slug)
  return venue
}
