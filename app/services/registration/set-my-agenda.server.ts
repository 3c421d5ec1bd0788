import { z } from 'zod'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

export const agendaFormSchema = z.object({ forumIds: z.array(z.string().min(1).max(40)).max(200) })

/**
 * Stores the forums an attendee plans to follow (replacing the previous choice, in one
 * transaction). Every id must be a forum of the event; an empty choice means "the main forum".
 */
export async function setMyAgenda(db: Db, input: { slug: string; userId: string; forumIds: string[] }) {
  const event = await db.event.findFirst({
    where: { slug: input.slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } },
    select: { id: true, forums: { select: { id: true } }, registrations: { where: { userId: input.userId, status: { notIn: ['CANCELLED', 'REJECTED'] } }, select: { id: true } } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const registration = event.registrations[0]
  if (!registration) throw new AppError('forbidden', 'Register for the event first')
  const known = new Set(event.forums.map((f) => f.id))
  const wanted = [...new Set(input.forumIds)]
  if (wanted.some((id) => !known.has(id))) throw new AppError('validation_failed', 'A chosen forum is not part of this event', { fields: { forumIds: 'validation.choice' } })
  await db.$transaction([
    db.agendaChoice.deleteMany({ where: { registrationId: registration.id } }),
    db.agendaChoice.createMany({ data: wanted.map((forumId) => ({ registrationId: registration.id, forumId })) }),
  ])
  return { forumIds: wanted }
}
