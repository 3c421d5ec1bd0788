import { AppError } from '~/utils/app-error.ts'
import { settleLoginSession } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { anonymousLiveAccess, liveAccessFor, noAccess } from './get-live-access.server.ts'
import { findSessionLiveStanding, liveRoleFromStanding } from './issue-live-token.server.ts'

/**
 * The live page's personal request (GET /api/live/access) for the log-in session the request
 * came with (null: none): who is signed in, and getLiveAccess's answer for them. The session,
 * its user, the forum and the person's standing in it are one database round trip instead of
 * three, since thousands of players ask at once as a forum starts (issue 16). The session's
 * limits and its activity stamp are those of every other page (`settleLoginSession`).
 */
export async function getSessionLiveAccess(db: Db, input: { forumId: string; sessionId: string | null }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  if (!input.sessionId) return { user: null, ...(await anonymousLiveAccess(db, input.forumId)) }
  const { session, standing } = await findSessionLiveStanding(db, { forumId: input.forumId, sessionId: input.sessionId })
  const user = session && (await settleLoginSession(db, input.sessionId, session, options.now ?? new Date())) ? session.user : null
  if (!user) {
    if (!standing || standing.eventStatus === 'DRAFT') throw new AppError('not_found', 'No such forum')
    return { user: null, ...noAccess('anonymous') }
  }
  return { user, ...liveAccessFor(liveRoleFromStanding(input.forumId, standing, user), user, options) }
}
