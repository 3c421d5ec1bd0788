import type { Namespace, Server } from 'socket.io'
import type { LiveRole } from '~/domain/live-token.ts'
import { listEventForumIds } from '~/services/live/list-event-forum-ids.server.ts'
import { onAccessRevoked, type AccessRevocation } from '~/utils/access-revocations.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ALL_FORUMS, LiveGate, roleRoom } from '~/utils/live-handshake.server.ts'
import { logger } from '~/utils/logger.server.ts'

const log = logger.child({ component: 'live-access' })

/** Which live roles a revocation ends: a registration carries the audience (and an attendee's stage invitation). */
function rolesOf(revocation: AccessRevocation): LiveRole[] {
  if (revocation.kind === 'registration') return ['viewer', 'speaker']
  if (revocation.kind === 'platform_role') return ['moderator']
  return revocation.reason === 'moderator_removed' ? ['moderator'] : ['speaker']
}

/**
 * Live access follows the registration and the forum roles. When a use case announces a
 * revocation (app/utils/access-revocations.server.ts) after its transaction, this closes
 * the person's sockets that depended on what was taken away, on every node through the
 * adapter: `/media` and `/interaction` (their gates also void the old tokens everywhere)
 * and `/attendance`. Returns the function that stops listening.
 *
 * `media` is the signalling's gate when this process runs it. When the media server runs
 * as its own process and the nodes share Redis, pass `remoteMedia: true`: a `/media` gate
 * that admits nobody here still reaches the media processes' sockets through the adapter.
 */
export function attachLiveAccessControl(io: Server, db: Db, targets: { media?: LiveGate; interaction?: LiveGate; attendance?: Namespace; remoteMedia?: { tokenSecret: () => string } }): () => void {
  let media = targets.media
  if (!media && targets.remoteMedia) {
    const nsp = io.of('/media')
    nsp.use((_socket, next) => next(new Error('The media server runs elsewhere')))
    media = new LiveGate(nsp, { tokenSecret: targets.remoteMedia.tokenSecret, db })
  }
  const gates = [media, targets.interaction].filter((g) => g !== undefined)
  return onAccessRevoked(async (revocation) => {
    const forumIds = revocation.kind === 'registration' ? await listEventForumIds(db, revocation.eventId) : revocation.kind === 'platform_role' ? [ALL_FORUMS] : [revocation.forumId]
    const roles = rolesOf(revocation)
    for (const gate of gates) gate.revoke({ userId: revocation.userId, forumIds, roles })
    // Attendance counts a confirmed registration only: a moderator or speaker change leaves it alone.
    if (revocation.kind === 'registration' && targets.attendance && forumIds.length > 0) {
      targets.attendance.in(forumIds.map((forumId) => roleRoom(forumId, revocation.userId, 'viewer'))).disconnectSockets(true)
    }
    log.info({ kind: revocation.kind, reason: revocation.reason, userId: revocation.userId, forums: forumIds.length }, 'live connections closed after a revocation')
  })
}
