import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** A forum's recordings and replays for staff: status, length, failure, publication, window, trims. */
export async function getForumReplays(db: Db, forumId: string) {
  const forum = await db.forum.findUnique({
    where: { id: forumId },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      liveStatus: true,
      event: { select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } },
      recordings: {
        orderBy: { startedAt: 'desc' },
        select: { id: true, status: true, startedAt: true, endedAt: true, durationSeconds: true, failureReason: true, stats: true, replay: true },
      },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum')
  return forum
}
