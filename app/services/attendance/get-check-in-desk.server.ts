import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { venueCounts } from './check-in.server.ts'

/** A coordinator's check-in page for one venue: the venue, its event (titles, time zone) and who is inside each venue now. */
export async function getCheckInDesk(db: Db, venueId: string) {
  const venue = await db.venue.findUnique({
    where: { id: venueId },
    select: { id: true, nameZh: true, nameEn: true, event: { select: { id: true, titleZh: true, titleEn: true, timeZone: true } } },
  })
  if (!venue) throw new AppError('not_found', 'No such venue')
  return { venue, counts: await venueCounts(db, venue.event.id) }
}
