import type { LiveRole } from '~/domain/live-token.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { findForumLiveRole, signJoinToken, type LiveUser } from './issue-live-token.server.ts'

export type LiveAccess = { role: LiveRole; reason: null } | { role: null; reason: 'anonymous' | 'not_registered' | 'pending' }

/**
 * Whether this person may watch this forum, as what, and the join token for it: the part of
 * the live page that differs per person (issue 16). The page itself is one shared render; the
 * player asks for this once it has loaded (GET /api/live/access). A registration waiting for
 * approval or payment says so; a cancelled or rejected one counts as none.
 */
export async function getLiveAccess(db: Db, input: { forumId: string; user: LiveUser | null }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  const none = (reason: 'anonymous' | 'not_registered' | 'pending'): { access: LiveAccess; token: null; expiresAt: null } => ({ access: { role: null, reason }, token: null, expiresAt: null })
  if (!input.user) {
    const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { event: { select: { status: true } } } })
    if (!forum || forum.event.status === 'DRAFT') throw new AppError('not_found', 'No such forum')
    return none('anonymous')
  }
  // One statement: the forum, and everything this person's role in it rests on.
  const { forum, role, registrationStatus } = await findForumLiveRole(db, { forumId: input.forumId, user: input.user })
  if (!forum) throw new AppError('not_found', 'No such forum')
  if (!role) return none(registrationStatus && registrationStatus !== 'CANCELLED' && registrationStatus !== 'REJECTED' ? 'pending' : 'not_registered')
  const signed = signJoinToken({ forumId: forum.id, liveStatus: forum.liveStatus, user: input.user, role }, options)
  return { access: { role, reason: null } satisfies LiveAccess, token: signed.token, expiresAt: signed.expiresAt }
}
