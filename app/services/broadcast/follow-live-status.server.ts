import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { openForumRecording } from './open-forum-recording.server.ts'
import { stopForumRecording } from './stop-forum-recording.server.ts'

/**
 * What a live-status change means for the forum's recording (called after
 * setForumLiveStatus commits): LIVE opens or continues it, ENDED stops it; a pause changes
 * nothing (the broadcaster records the pause screen or nothing, its choice). With BROADCAST=off
 * nothing is recorded. A failure is logged, not thrown: the stage must not fail because the
 * recordings folder is unwritable; the finaliser's sweep closes what it can.
 */
export async function followLiveStatus(db: Db, input: { forumId: string; status: string; changed: boolean; recordingsDir: string; broadcast: 'on' | 'off' }, now = new Date()) {
  if (input.broadcast !== 'on' || !input.changed) return
  try {
    if (input.status === 'LIVE') await openForumRecording(db, input, now)
    else if (input.status === 'ENDED') await stopForumRecording(db, input, now)
  } catch (error) {
    logger.error({ err: error, forumId: input.forumId, status: input.status }, 'recording did not follow the live status')
  }
}
