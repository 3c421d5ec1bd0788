import type { Db } from '~/utils/db.server.ts'

/** The ids of an event's forums: where a cancelled registration's live connections are. */
export async function listEventForumIds(db: Db, eventId: string): Promise<string[]> {
  const forums = await db.forum.findMany({ where: { eventId }, select: { id: true } })
  return forums.map((f) => f.id)
}
