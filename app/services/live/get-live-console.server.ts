import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * The moderator console's data: the forum with its live status, the speakers of its
 * programme who have accounts (they can be invited on stage), and who is invited now.
 */
export async function getLiveConsole(db: Db, input: { slug: string; forumSlug: string }) {
  const forum = await db.forum.findFirst({
    where: { slug: input.forumSlug, event: { slug: input.slug } },
    select: {
      id: true,
      slug: true,
      kind: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      liveStatus: true,
      liveStartedAt: true,
      liveEndedAt: true,
      event: { select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } },
      stageInvitations: { select: { userId: true, createdAt: true, user: { select: { realName: true } } }, orderBy: { createdAt: 'asc' } },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const speakers = await db.speaker.findMany({
    where: { userId: { not: null }, OR: [{ sessions: { some: { session: { forumId: forum.id } } } }, { hosting: { some: { forumId: forum.id } } }] },
    select: { id: true, userId: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true },
    orderBy: { nameZh: 'asc' },
  })
  const { stageInvitations, ...rest } = forum
  return {
    forum: rest,
    speakers: speakers.map((s) => ({ ...s, userId: s.userId! })),
    invitations: stageInvitations.map((i) => ({ userId: i.userId, name: i.user.realName, invitedAt: i.createdAt })),
  }
}
