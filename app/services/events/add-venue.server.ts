import type { z } from 'zod'
import type { venueFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** Adds the main venue (one per event, 主会场) or a branch venue (分会场), with the account that checks people in there and the forum it shows. */
export async function addVenue(db: Db, eventId: string, form: z.infer<typeof venueFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, venues: { where: { kind: 'MAIN' }, select: { id: true } } } })
  if (!event) throw new AppError('not_found', 'No such event')
  if (form.kind === 'MAIN' && event.venues.length > 0) {
    throw new AppError('conflict', 'Event already has a main venue', { fields: { kind: 'validation.oneMainVenue' } })
  }
  const coordinator = form.coordinatorEmail ? await db.user.findUnique({ where: { email: form.coordinatorEmail }, select: { id: true } }) : null
  if (form.coordinatorEmail && !coordinator) throw new AppError('validation_failed', 'Unknown coordinator account', { fields: { coordinatorEmail: 'validation.unknownAccount' } })
  if (form.forumId && !(await db.forum.findFirst({ where: { id: form.forumId, eventId }, select: { id: true } }))) {
    throw new AppError('validation_failed', 'No such forum in this event', { fields: { forumId: 'validation.choice' } })
  }
  const venue = await db.$transaction(async (tx) => {
    const created = await tx.venue.create({
      data: { eventId, kind: form.kind, nameZh: form.nameZh, nameEn: form.nameEn, city: form.city, capacity: form.capacity, coordinatorId: coordinator?.id ?? null, forumId: form.forumId || null },
    })
    await writeAudit(tx, 'venue.created', { eventId, venueId: created.id, coordinatorId: coordinator?.id ?? null }, ctx)
    return created
  })
  forgetEventPage(event.slug)
  return venue
}
