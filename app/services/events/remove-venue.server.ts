import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** Takes a venue off an event; a venue where anyone has been checked in stays (its scans are evidence). */
export async function removeVenue(db: Db, eventId: string, venueId: string, ctx: AuditContext) {
  const venue = await db.venue.findFirst({ where: { id: venueId, eventId }, select: { id: true, event: { select: { slug: true } }, _count: { select: { checkIns: true } } } })
  if (!venue) throw new AppError('not_found', 'No such venue in this event')
  if (venue._count.checkIns > 0) throw new AppError('in_use', 'People have been checked in at this venue')
  await db.$transaction(async (tx) => {
    await tx.venue.delete({ where: { id: venue.id } })
    await writeAudit(tx, 'venue.removed', { eventId, venueId: venue.id }, ctx)
  })
  forgetEventPage(venue.event.slug)
}
