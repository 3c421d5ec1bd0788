import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * The attendee player's shared data: the event, the forum and its parallel forums (to switch
 * between without reloading) with their live status. The same for everyone, so the page can be
 * one shared render (issue 16); who may watch comes from getLiveAccess once the page has loaded.
 */
export async function getLiveStage(db: Db, input: { slug: string; forumSlug: string }) {
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
  return { event: eventFields, forum, forums }
}

export type LiveStage = Awaited<ReturnType<typeof getLiveStage>>
