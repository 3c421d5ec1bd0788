import type { Db } from '~/utils/db.server.ts'

/** Whether a forum has a published replay open now (for the "watch the replay" links). */
export async function isReplayAvailable(db: Db, forumId: string, now = new Date()): Promise<boolean> {
  const found = await db.replay.findFirst({
    where: { forumId, published: true, AND: [{ OR: [{ availableFrom: null }, { availableFrom: { lte: now } }] }, { OR: [{ availableUntil: null }, { availableUntil: { gt: now } }] }] },
    select: { id: true },
  })
  return !!found
}
