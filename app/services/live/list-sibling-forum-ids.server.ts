import type { Db } from '~/utils/db.server.ts'

/** The ids of every forum of the event a forum belongs to, itself included: whose live pages show its status in the forum switcher. */
export async function listSiblingForumIds(db: Db, forumId: string): Promise<string[]> {
  const forums = await db.forum.findMany({ where: { event: { forums: { some: { id: forumId } } } }, select: { id: true } })
  return forums.map((f) => f.id)
}
