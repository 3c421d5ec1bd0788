import path from 'node:path'
import { LIVE_MEDIA_PLAYLIST } from '~/domain/hls-layout.ts'
import { renderMediaPlaylist, totalDuration } from '~/domain/hls-playlist.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { writeFileAtomic } from '~/utils/write-file-atomic.server.ts'
import { readLivePlaylists, readRecordingMeta, writeCurrentRecording } from './recording-files.server.ts'
import { writeReplayPlaylists } from './write-replay-playlists.server.ts'

/** How long after the forum ended the broadcaster has to close its playlists itself. */
export const ENDLIST_WAIT_MS = 6000

export type FinalizeOutcome = 'finalized' | 'waiting' | 'not_ended' | 'already'

/**
 * Makes the replay of a recording whose forum ended (issue 12, section 4). Until the
 * broadcaster has put EXT-X-ENDLIST in every media playlist, and for at most ENDLIST_WAIT_MS
 * after the forum ended, it answers `waiting` (the finaliser calls again); past that it closes
 * the playlists itself. Then: recording.json's counters and failure reason; the Recording
 * ENDED (FAILED when the broadcaster reported a fault such as disk_full, or nothing was
 * recorded), with endedAt (the end of the last segment) and durationSeconds; the VOD
 * playlists; and the Replay row, created unpublished (staff publish it, decision 018D) or
 * kept with its trims and publication when a reopened recording ends again. Idempotent: the
 * Recording is updated only while it is still RECORDING.
 */
export async function finalizeRecording(db: Db, input: { recordingId: string; recordingsDir: string }, now = new Date()): Promise<FinalizeOutcome> {
  const recording = await db.recording.findUnique({ where: { id: input.recordingId }, include: { forum: { select: { liveStatus: true, liveEndedAt: true } }, replay: true } })
  if (!recording || recording.status !== 'RECORDING') return 'already'
  if (recording.forum.liveStatus !== 'ENDED') return 'not_ended'
  const endedAt = recording.forum.liveEndedAt ?? now
  const live = await readLivePlaylists(input.recordingsDir, recording.dir)
  const open = live.filter((l) => !l.playlist.ended)
  if (open.length > 0 && now.getTime() - endedAt.getTime() < ENDLIST_WAIT_MS) {
    // Also repairs a crash between the forum's end and current.json: the broadcaster is told again.
    await writeCurrentRecording(input.recordingsDir, recording.forumId, { recordingId: recording.id, status: 'ENDED', at: now.toISOString() })
    return 'waiting'
  }
  for (const { rendition, playlist } of open) {
    await writeFileAtomic(path.join(input.recordingsDir, recording.dir, rendition, LIVE_MEDIA_PLAYLIST), renderMediaPlaylist({ ...playlist, ended: true }))
    logger.warn({ recordingId: recording.id, rendition }, 'broadcaster did not close the playlist in time; closed by the app')
  }
  const meta = await readRecordingMeta(input.recordingsDir, recording.dir)
  const segments = live[0]?.playlist.segments ?? []
  const last = segments.at(-1)
  const mediaEnd = last ? new Date(Date.parse(last.programDateTime) + last.duration * 1000) : endedAt
  const failureReason = meta?.failureReason ?? (segments.length === 0 ? 'no_media' : null)
  const trim = recording.replay ? { startSeconds: recording.replay.trimStartSeconds, endSeconds: recording.replay.trimEndSeconds } : { startSeconds: 0, endSeconds: null }
  if (segments.length > 0) await writeReplayPlaylists(input.recordingsDir, recording.dir, trim)
  const stats = meta
    ? { rtpPacketsReceived: meta.rtpPacketsReceived, rtpPacketsLost: meta.rtpPacketsLost, ffmpegRestarts: meta.ffmpegRestarts, discontinuities: meta.discontinuities, runs: meta.runs.length }
    : { discontinuities: segments.filter((s) => s.discontinuity).length }
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.recording.updateMany({
      where: { id: recording.id, status: 'RECORDING' },
      data: { status: failureReason ? 'FAILED' : 'ENDED', endedAt: mediaEnd, durationSeconds: totalDuration(segments), failureReason, stats },
    })
    if (count !== 1) return false
    if (segments.length > 0 && !recording.replay) await tx.replay.create({ data: { forumId: recording.forumId, recordingId: recording.id } })
    return true
  })
  if (!done) return 'already'
  logger.info({ recordingId: recording.id, forumId: recording.forumId, durationSeconds: totalDuration(segments), failureReason }, 'recording finalised; replay ready')
  return 'finalized'
}
