import type { LiveRole } from '~/domain/live-token.ts'
import type { Db } from '~/utils/db.server.ts'
import { findLiveRole } from './issue-live-token.server.ts'

/**
 * The live role a person holds in a forum now (null: none), asked again when a socket
 * (re)connects with a join token: the token may have been signed before the registration
 * was cancelled or the moderator assignment or stage invitation was withdrawn.
 */
export async function findCurrentLiveRole(db: Db, input: { forumId: string; userId: string }): Promise<LiveRole | null> {
  const [user, forum] = await Promise.all([
    db.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, realName: true } }),
    db.forum.findUnique({ where: { id: input.forumId }, select: { eventId: true, event: { select: { status: true } } } }),
  ])
  if (!user || !forum || forum.event.status === 'DRAFT') return null
  return (await findLiveRole(db, { forumId: input.forumId, eventId: forum.eventId, user })).role
}
