import type { LiveRole } from '~/domain/live-token.ts'
import type { Db } from '~/utils/db.server.ts'
import { findForumLiveRole } from './issue-live-token.server.ts'

/**
 * The live role a person holds in a forum now (null: none), asked again when a socket
 * (re)connects with a join token: the token may have been signed before the registration
 * was cancelled or the moderator assignment or stage invitation was withdrawn.
 */
export async function findCurrentLiveRole(db: Db, input: { forumId: string; userId: string }): Promise<LiveRole | null> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, realName: true } })
  if (!user) return null
  return (await findForumLiveRole(db, { forumId: input.forumId, user })).role
}
