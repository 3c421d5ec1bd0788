import { agendaForumIds, venueForForum } from '~/domain/schedule.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** An attendee's agenda of one event (issue 15): every forum, with its time, venue and room, and whether it is on the agenda. */
export async function getMyAgenda(db: Db, input: { slug: string; userId: string }) {
  const event = await db.event.findFirst({
    where: { slug: input.slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      forums: {
        orderBy: [{ kind: 'asc' }, { position: 'asc' }, { startsAt: 'asc' }],
        select: { id: true, slug: true, kind: true, titleZh: true, titleEn: true, roomZh: true, roomEn: true, startsAt: true, endsAt: true },
      },
      venues: { select: { kind: true, forumId: true, nameZh: true, nameEn: true, city: true, address: true } },
      registrations: {
        where: { userId: input.userId, status: { notIn: ['CANCELLED', 'REJECTED'] } },
        select: { id: true, status: true, agendaChoices: { select: { forumId: true } } },
      },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const registration = event.registrations[0]
  if (!registration) throw new AppError('forbidden', 'Register for the event first')
  const chosenIds = registration.agendaChoices.map((c) => c.forumId)
  const onAgenda = agendaForumIds(event.forums, chosenIds)
  return {
    event: { slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, timeZone: event.timeZone },
    registration: { id: registration.id, status: registration.status },
    /** No choice stored yet: the main forum(s) stand in. */
    defaulted: chosenIds.length === 0,
    forums: event.forums.map((f) => ({ ...f, chosen: onAgenda.includes(f.id), venue: venueForForum(event.venues, f.id) })),
  }
}
