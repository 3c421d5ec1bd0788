import type { LiveStatus } from '~/domain/live-token.ts'
import { logger } from './logger.server.ts'

/**
 * "A forum's live status changed": announced by the console after the change has committed,
 * heard by the live interaction sockets (app/realtime/interaction.server.ts), which tell the
 * forum's audience on every node through the adapter: an ended forum closes its Q&A, chat and
 * raised hands in the players at once, and its closed polls show their results.
 */
export type ForumStatusChange = { forumId: string; status: LiveStatus; closedPollIds: string[] }

type Listener = (change: ForumStatusChange) => void | Promise<void>

// On globalThis: the console runs in the Remix server bundle, the sockets in server.ts's copy of this module.
const shared = globalThis as unknown as { __cmeForumStatus?: Set<Listener> }
const listeners = (shared.__cmeForumStatus ??= new Set<Listener>())

export function onForumStatusChanged(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Tells every listener in this process; a failing listener is logged and never fails the caller. */
export function announceForumStatusChanged(change: ForumStatusChange): void {
  for (const listener of listeners) {
    try {
      const done = listener(change)
      if (done) done.catch((error: unknown) => logger.error({ err: error, change }, 'forum status change not pushed'))
    } catch (error) {
      logger.error({ err: error, change }, 'forum status change not pushed')
    }
  }
}

/**
 * "A forum's replay changed what its pages say" (staff published it, withdrew it or moved its
 * window): heard by the interaction sockets, which tell the forum's audience the new notice.
 */
type ReplayListener = (change: { forumId: string }) => void | Promise<void>
const replayShared = globalThis as unknown as { __cmeReplayNotice?: Set<ReplayListener> }
const replayListeners = (replayShared.__cmeReplayNotice ??= new Set<ReplayListener>())

export function onReplayChanged(listener: ReplayListener): () => void {
  replayListeners.add(listener)
  return () => replayListeners.delete(listener)
}

export function announceReplayChanged(change: { forumId: string }): void {
  for (const listener of replayListeners) {
    try {
      const done = listener(change)
      if (done) done.catch((error: unknown) => logger.error({ err: error, change }, 'replay notice not pushed'))
    } catch (error) {
      logger.error({ err: error, change }, 'replay notice not pushed')
    }
  }
}
