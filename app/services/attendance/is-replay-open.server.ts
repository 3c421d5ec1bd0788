import type { Db } from '~/utils/db.server.ts'

/** A forum's replay exists once the forum has ended; only then do replay reports count. */
export async function isReplayOpen(db: Db, forumId: string): Promise<boolean> {
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { liveStatus: true } })
  return forum?.liveStatus === 'ENDED'
}
