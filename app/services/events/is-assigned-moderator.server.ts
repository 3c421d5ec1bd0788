import type { Db } from '~/utils/db.server.ts'

/**
 * Whether the user is named as a moderator of the forum. The assignment itself grants the
 * console, whatever the platform role (an attendee an association names to run a forum).
 */
export async function isAssignedModerator(db: Db, input: { userId: string; forumId: string }): Promise<boolean> {
  return (await db.forumModerator.count({ where: { forumId: input.forumId, userId: input.userId } })) > 0
}
