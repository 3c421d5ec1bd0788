import type { LiveRole } from '~/domain/live-token.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { findForumLiveRole, signJoinToken, type LiveUser } from './issue-live-token.server.ts'

export type LiveAccess = { role: LiveRole; reason: null } | { role: null; reason: 'anonymous' | 'not_registered' | 'pending' }
type TokenOptions = { secret: string; ttlSeconds: number; now?: Date }
type FoundRole = Awaited<ReturnType<typeof findForumLiveRole>>

/**
 * Whether this person may watch this forum, as what, and the join token for it: the part of
 * the live page that differs per person (issue 16). The page itself is one shared render; the
 * player asks for this once it has loaded (GET /api/live/access, which reads the session and
 * the role in one statement: getSessionLiveAccess). A registration waiting for approval or
 * payment says so; a cancelled or rejected one counts as none.
 */
export async function getLiveAccess(db: Db, input: { forumId: string; user: LiveUser | null }, options: TokenOptions) {
  if (!input.user) return anonymousLiveAccess(db, input.forumId)
  // One statement: the forum, and everything this person's role in it rests on.
  return liveAccessFor(await findForumLiveRole(db, { forumId: input.forumId, user: input.user }), input.user, options)
}

/** The access answer for a role already found (an unknown or draft forum: 404). */
export function liveAccessFor(found: FoundRole, user: LiveUser, options: TokenOptions) {
  const { forum, role, registrationStatus } = found
  if (!forum) throw new AppError('not_found', 'No such forum')
  if (!role) return noAccess(registrationStatus && registrationStatus !== 'CANCELLED' && registrationStatus !== 'REJECTED' ? 'pending' : 'not_registered')
  const signed = signJoinToken({ forumId: forum.id, liveStatus: forum.liveStatus, user, role }, options)
  return { access: { role, reason: null } satisfies LiveAccess, token: signed.token, expiresAt: signed.expiresAt }
}

/** Someone not signed in: the forum must exist (404 otherwise), and they are asked to log in. */
export async function anonymousLiveAccess(db: Db, forumId: string) {
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { event: { select: { status: true } } } })
  if (!forum || forum.event.status === 'DRAFT') throw new AppError('not_found', 'No such forum')
  return noAccess('anonymous')
}

export function noAccess(reason: 'anonymous' | 'not_registered' | 'pending'): { access: LiveAccess; token: null; expiresAt: null } {
  return { access: { role: null, reason }, token: null, expiresAt: null }
}
