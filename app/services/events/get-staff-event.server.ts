import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { venueCounts } from '~/services/attendance/check-in.server.ts'
import { getEventParticipation } from '~/services/attendance/get-forum-attendance.server.ts'

/** Everything the staff console shows for one event, whatever its status. */
export async function getStaffEvent(db: Db, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    include: {
      forums: {
        orderBy: [{ kind: 'asc' }, { position: 'asc' }],
        include: {
          sessions: { orderBy: { startsAt: 'asc' }, include: { speakers: { orderBy: { position: 'asc' }, select: { speaker: { select: { id: true, nameZh: true, nameEn: true } } } } } },
          hosts: { orderBy: { position: 'asc' }, select: { role: true, speaker: { select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true } } } },
          moderators: { select: { user: { select: { id: true, email: true, realName: true } } } },
        },
      },
      organisations: { orderBy: [{ role: 'asc' }, { position: 'asc' }], select: { id: true, role: true, forumId: true, organisation: { select: { nameZh: true, nameEn: true } } } },
      venues: { orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }], select: { id: true, coordinator: { select: { email: true, realName: true } } } },
      ticketTypes: { orderBy: { position: 'asc' } },
      registrations: {
        where: { status: 'PENDING_APPROVAL' },
        orderBy: { createdAt: 'asc' },
        select: { id: true, createdAt: true, answers: true, user: { select: { realName: true, email: true } }, ticketType: { select: { nameZh: true, nameEn: true } } },
      },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const [counts, registrations, participation] = await Promise.all([
    venueCounts(db, eventId),
    db.registration.groupBy({ by: ['status'], where: { eventId }, _count: true }),
    getEventParticipation(db, eventId),
  ])
  return { event, counts, participation, registrationsByStatus: Object.fromEntries(registrations.map((r) => [r.status, r._count])) as Record<string, number> }
}

export async function listAllEvents(db: Db) {
  return db.event.findMany({
    orderBy: { startsAt: 'desc' },
    select: { id: true, slug: true, titleZh: true, titleEn: true, status: true, startsAt: true, endsAt: true, timeZone: true, _count: { select: { forums: true, registrations: true } } },
  })
}
