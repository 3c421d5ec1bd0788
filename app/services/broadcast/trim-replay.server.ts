import { totalDuration } from '~/domain/hls-playlist.ts'
import { snapTrim } from '~/domain/replay.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { readLivePlaylist } from './recording-files.server.ts'
import { writeReplayPlaylists } from './write-replay-playlists.server.ts'

/**
 * Staff trim a replay's start and end (seconds from the recording's start). The trim is
 * snapped to segment boundaries (app/domain/replay.ts snapTrim: nothing asked for is cut), the
 * VOD playlists are rewritten (no re-encoding), and the change is audited with what was asked
 * and what was kept. A trim outside the recording, or empty, is refused with a field message.
 * A cached MP4 download is then out of date and remade on the next download.
 */
export async function trimReplay(db: Db, input: { forumId: string; replayId: string; startSeconds: number; endSeconds: number | null; recordingsDir: string }, ctx: AuditContext) {
  const replay = await db.replay.findFirst({ where: { id: input.replayId, forumId: input.forumId }, include: { recording: { select: { dir: true, status: true } } } })
  if (!replay) throw new AppError('not_found', 'No such replay')
  if (replay.recording.status === 'RECORDING') throw new AppError('conflict', 'The forum is being recorded again; trim once it has ended')
  const live = await readLivePlaylist(input.recordingsDir, replay.recording.dir, '720p')
  const segments = live?.segments ?? []
  const snapped = snapTrim(segments, input.startSeconds, input.endSeconds)
  if (!snapped.ok) {
    const startInside = input.startSeconds >= 0 && input.startSeconds < totalDuration(segments)
    const field = snapped.reason === 'outside' && !startInside ? 'trimStart' : 'trimEnd'
    throw new AppError('validation_failed', snapped.reason === 'empty' ? 'The trim leaves nothing' : 'The trim is outside the recording', {
      fields: { [field]: `replay.staff.trim_${snapped.reason}` },
    })
  }
  const written = await writeReplayPlaylists(input.recordingsDir, replay.recording.dir, { startSeconds: snapped.startSeconds, endSeconds: snapped.endSeconds })
  await db.$transaction(async (tx) => {
    await tx.replay.update({ where: { id: replay.id }, data: { trimStartSeconds: snapped.startSeconds, trimEndSeconds: snapped.endSeconds } })
    await writeAudit(
      tx,
      'replay.trim',
      {
        forumId: input.forumId,
        replayId: replay.id,
        asked: { start: input.startSeconds, end: input.endSeconds },
        kept: { start: snapped.startSeconds, end: snapped.endSeconds },
        durationSeconds: written.durationSeconds,
      },
      ctx,
    )
  })
  return { startSeconds: snapped.startSeconds, endSeconds: snapped.endSeconds, durationSeconds: written.durationSeconds }
}
