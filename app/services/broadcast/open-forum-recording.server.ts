import { recordingDir } from '~/domain/hls-layout.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { writeCurrentRecording } from './recording-files.server.ts'

/**
 * A forum went live: the recording the broadcaster writes to. The forum's open recording
 * continues (a pause or a second go-live changes nothing); a go-live after the forum ended
 * reopens its latest recording, so the broadcaster appends a new run to the same playlist and
 * the replay is remade when the forum ends again (decision 018D); otherwise a new Recording
 * starts. current.json is then (re)written, so a broadcaster that (re)attaches finds it.
 */
export async function openForumRecording(db: Db, input: { forumId: string; recordingsDir: string }, now = new Date()) {
  const latest = await db.recording.findFirst({ where: { forumId: input.forumId }, orderBy: { startedAt: 'desc' } })
  let recording
  if (latest?.status === 'RECORDING') recording = latest
  else if (latest) {
    recording = await db.recording.update({ where: { id: latest.id }, data: { status: 'RECORDING', endedAt: null, failureReason: null } })
    logger.info({ forumId: input.forumId, recordingId: latest.id }, 'recording reopened: the forum went live again after it ended')
  } else {
    try {
      recording = await db.$transaction(async (tx) => {
        const created = await tx.recording.create({ data: { forumId: input.forumId, dir: 'pending', startedAt: now } })
        return tx.recording.update({ where: { id: created.id }, data: { dir: recordingDir(input.forumId, created.id) } })
      })
    } catch (error) {
      // The partial unique index: another request opened it first; continue that one.
      const open = await db.recording.findFirst({ where: { forumId: input.forumId, status: 'RECORDING' } })
      if (!open) throw error
      recording = open
    }
    logger.info({ forumId: input.forumId, recordingId: recording.id }, 'recording opened')
  }
  await writeCurrentRecording(input.recordingsDir, input.forumId, { recordingId: recording.id, status: 'RECORDING', at: now.toISOString() })
  return { recordingId: recording.id, dir: recording.dir }
}
