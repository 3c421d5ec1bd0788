import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { writeCurrentRecording } from './recording-files.server.ts'

/**
 * A forum ended: current.json says ENDED, so the broadcaster closes its playlists
 * (EXT-X-ENDLIST) and stops. The replay is made off the request by the recording finaliser
 * (app/jobs/recording-finaliser.server.ts), which also covers a crash right after this.
 */
export async function stopForumRecording(db: Db, input: { forumId: string; recordingsDir: string }, now = new Date()) {
  const open = await db.recording.findFirst({ where: { forumId: input.forumId, status: 'RECORDING' }, select: { id: true } })
  if (!open) return { recordingId: null }
  await writeCurrentRecording(input.recordingsDir, input.forumId, { recordingId: open.id, status: 'ENDED', at: now.toISOString() })
  logger.info({ forumId: input.forumId, recordingId: open.id }, 'recording stopping: the forum ended')
  return { recordingId: open.id }
}
