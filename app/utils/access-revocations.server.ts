import { logger } from './logger.server.ts'

/**
 * "This person lost access": announced by the use cases that take access away, heard by
 * whoever holds live connections (app/realtime/live-access.server.ts), without the use
 * cases importing socket.io. Announce only after the change has committed, so a listener
 * that asks the database again sees it.
 *
 * - `registration`: their registration for the event was cancelled, refunded or rejected;
 *   every live connection to the event's forums ends.
 * - `forum_role`: they are no longer a moderator of the forum, or were sent off its stage;
 *   their moderator and speaker connections end (they may come back as a viewer).
 * - `platform_role`: their account's role changed (staff no longer staff): their moderator
 *   connections end in every forum, and come back only where an assignment still holds.
 */
export type AccessRevocation =
  | { kind: 'registration'; userId: string; eventId: string; reason: 'cancelled' | 'rejected' }
  | { kind: 'forum_role'; userId: string; forumId: string; reason: 'moderator_removed' | 'stage_removed' }
  | { kind: 'platform_role'; userId: string; reason: 'role_changed' }

type Listener = (revocation: AccessRevocation) => void | Promise<void>

// On globalThis: the use cases run in the Remix server bundle, the sockets in server.ts's
// copy of this module; both must reach the same listeners.
const shared = globalThis as unknown as { __cmeAccessRevocations?: Set<Listener> }
const listeners = (shared.__cmeAccessRevocations ??= new Set<Listener>())

/** Listens for revocations; returns the function that stops listening. */
export function onAccessRevoked(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Tells every listener in this process; a failing listener is logged and never fails the caller. */
export function announceAccessRevoked(revocation: AccessRevocation): void {
  for (const listener of listeners) {
    try {
      const done = listener(revocation)
      if (done) done.catch((error: unknown) => logger.error({ err: error, revocation }, 'access revocation not applied'))
    } catch (error) {
      logger.error({ err: error, revocation }, 'access revocation not applied')
    }
  }
}
