import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** Questions and raised hands stop when a forum ends (issue 15): the player says so. */
export async function refuseIfEnded(db: Db, forumId: string) {
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { liveStatus: true } })
  if (forum?.liveStatus === 'ENDED') throw new AppError('live_forum_ended', 'This forum has ended')
}
