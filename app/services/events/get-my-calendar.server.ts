import { attendeeCalendar } from '~/domain/schedule.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getSchedule } from './export-schedule.server.ts'

/**
 * A signed-in attendee's own calendar of one event: the programme they are admitted to
 * (every session less the breaks; see `attendeeCalendar`), only with a CONFIRMED
 * registration. A pending, wait-listed, cancelled or rejected registration does not admit
 * anyone yet, so it gets no calendar either.
 */
export async function getMyCalendar(db: Db, input: { slug: string; userId: string; baseUrl: string }) {
  const schedule = await getSchedule(db, input.slug, input.baseUrl)
  const registration = await db.registration.findFirst({
    where: { userId: input.userId, event: { slug: input.slug } },
    select: { status: true, user: { select: { realName: true } } },
  })
  if (registration?.status !== 'CONFIRMED') {
    throw new AppError('forbidden', 'Only attendees with a confirmed registration can download their own calendar of this event')
  }
  return { schedule: attendeeCalendar(schedule), attendeeName: registration.user.realName }
}
