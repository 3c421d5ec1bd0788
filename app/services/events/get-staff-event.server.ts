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
          sessions: {
            orderBy: { startsAt: 'asc' },
            include: { speakers: { orderBy: { position: 'asc' }, select: { speaker: { select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true } } } } },
          },
          hosts: { orderBy: { position: 'asc' }, select: { role: true, speaker: { select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true } } } },
          moderators: { select: { user: { select: { id: true, email: true, realName: true } } } },
        },
      },
      organisations: { orderBy: [{ role: 'asc' }, { position: 'asc' }], select: { id: true, role: true, forumId: true, organisation: { select: { nameZh: true, nameEn: true } } } },
      venues: {
        orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
        select: { id: true, kind: true, nameZh: true, nameEn: true, city: true, capacity: true, forumId: true, coordinator: { select: { email: true, realName: true } } },
      },
      ticketTypes: { orderBy: { position: 'asc' }, include: { _count: { select: { registrations: true } } } },
      registrations: {
        where: { status: 'PENDING_APPROVAL' },
        orderBy: { createdAt: 'asc' },
        select: { id: true, createdAt: true, answers: true, user: { select: { realName: true, email: true } }, ticketType: { select: { nameZh: true, nameEn: true } } },
      },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const confirmed = { eventId, status: 'CONFIRMED' as const }
  const [counts, registrations, participation, choices, withChoice] = await Promise.all([
    venueCounts(db, eventId),
    db.registration.groupBy({ by: ['status'], where: { eventId }, _count: true }),
    getEventParticipation(db, eventId),
    db.agendaChoice.groupBy({ by: ['forumId'], where: { registration: confirmed }, _count: true }),
    db.registration.count({ where: { ...confirmed, agendaChoices: { some: {} } } }),
  ])
  const statusCounts = Object.fromEntries(registrations.map((r) => [r.status, r._count])) as Record<string, number>
  // Expected head count per forum (issue 15, "my agenda"): those who chose it, plus, for a main
  // forum, the confirmed attendees who chose nothing (the main forum stands in for them).
  const undecided = (statusCounts.CONFIRMED ?? 0) - withChoice
  const expectedByForum = Object.fromEntries(event.forums.map((f) => [f.id, (choices.find((c) => c.forumId === f.id)?._count ?? 0) + (f.kind === 'MAIN' ? undecided : 0)])) as Record<string, number>
  return { event, counts, participation, expectedByForum, registrationsByStatus: statusCounts }
}

export async function listAllEvents(db: Db) {
  return db.event.findMany({
    orderBy: { startsAt: 'desc' },
    select: { id: true, slug: true, titleZh: true, titleEn: true, status: true, startsAt: true, endsAt: true, timeZone: true, _count: { select: { forums: true, registrations: true } } },
  })
}
