import type { LiveRole } from '~/domain/live-token.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { findLiveRole, type LiveUser } from './issue-live-token.server.ts'

export type LiveAccess = { role: LiveRole; reason: null } | { role: null; reason: 'anonymous' | 'not_registered' | 'pending' }

/**
 * The attendee player's data: the event, the forum, its parallel forums (to switch
 * between without reloading) with their live status, and whether this person may watch.
 */
export async function getLiveStage(db: Db, input: { slug: string; forumSlug: string; user: LiveUser | null }) {
  const event = await db.event.findFirst({
    where: { slug: input.slug, status: { not: 'DRAFT' } },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      forums: {
        orderBy: [{ position: 'asc' }, { startsAt: 'asc' }],
        select: { id: true, slug: true, kind: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, liveStatus: true },
      },
    },
  })
  const forum = event?.forums.find((f) => f.slug === input.forumSlug)
  if (!event || !forum) throw new AppError('not_found', 'No such forum')
  const { forums, ...eventFields } = event
  let access: LiveAccess = { role: null, reason: 'anonymous' }
  if (input.user) {
    const { role, registrationStatus } = await findLiveRole(db, { forumId: forum.id, eventId: event.id, user: input.user })
    access = role ? { role, reason: null } : { role: null, reason: registrationStatus && registrationStatus !== 'CANCELLED' && registrationStatus !== 'REJECTED' ? 'pending' : 'not_registered' }
  }
  return { event: eventFields, forum, forums, access }
}

export type LiveStage = Awaited<ReturnType<typeof getLiveStage>>
