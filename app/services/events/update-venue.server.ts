import type { z } from 'zod'
import type { venueFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/**
 * Edits a venue: kind, names, city, capacity, the coordinator who checks people in and the
 * forum it shows. An event keeps at most one main venue. Check-ins already recorded stay
 * with the venue; a coordinator replaced here loses the check-in desk at their next request.
 */
export async function updateVenue(db: Db, eventId: string, venueId: string, form: z.infer<typeof venueFormSchema>, ctx: AuditContext) {
  const venue = await db.venue.findFirst({ where: { id: venueId, eventId }, select: { id: true, coordinatorId: true, event: { select: { slug: true } } } })
  if (!venue) throw new AppError('not_found', 'No such venue in this event')
  if (form.kind === 'MAIN' && (await db.venue.count({ where: { eventId, kind: 'MAIN', id: { not: venueId } } })) > 0) {
    throw new AppError('conflict', 'Event already has a main venue', { fields: { kind: 'validation.oneMainVenue' } })
  }
  const coordinator = form.coordinatorEmail ? await db.user.findUnique({ where: { email: form.coordinatorEmail }, select: { id: true } }) : null
  if (form.coordinatorEmail && !coordinator) throw new AppError('validation_failed', 'Unknown coordinator account', { fields: { coordinatorEmail: 'validation.unknownAccount' } })
  if (form.forumId && !(await db.forum.findFirst({ where: { id: form.forumId, eventId }, select: { id: true } }))) {
    throw new AppError('validation_failed', 'No such forum in this event', { fields: { forumId: 'validation.choice' } })
  }
  await db.$transaction(async (tx) => {
    await tx.venue.update({
      where: { id: venue.id },
      data: { kind: form.kind, nameZh: form.nameZh, nameEn: form.nameEn, city: form.city, capacity: form.capacity, coordinatorId: coordinator?.id ?? null, forumId: form.forumId || null },
    })
    await writeAudit(tx, 'venue.updated', { eventId, venueId: venue.id, coordinatorId: coordinator?.id ?? null }, ctx)
  })
  forgetEventPage(venue.event.slug)
}
