import { execFile } from 'node:child_process'
import { rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPLAY_MEDIA_PLAYLIST, type RenditionName } from '~/domain/hls-layout.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

const run = promisify(execFile)
/** Remuxes under way in this process, so a second click waits for the first instead of starting another ffmpeg. */
const inFlight = new Map<string, Promise<void>>()

export const mp4Name = (rendition: RenditionName) => `replay-${rendition}.mp4`

/**
 * The replay as one MP4 file for staff to download: a remux (`ffmpeg -c copy`, no
 * re-encoding) of the trimmed VOD playlist, cached beside it as replay-<rendition>.mp4 and
 * remade when the playlist is newer (after a trim). It runs off the request: the first ask
 * starts it and answers `preparing`; the page asks again. Returns the file when it is ready.
 */
export async function prepareReplayMp4(
  db: Db,
  input: { forumId: string; replayId: string; recordingsDir: string; ffmpegPath: string; rendition?: RenditionName },
): Promise<{ state: 'ready'; file: string; size: number } | { state: 'preparing' }> {
  const rendition = input.rendition ?? '720p'
  const replay = await db.replay.findFirst({ where: { id: input.replayId, forumId: input.forumId }, include: { recording: { select: { dir: true } } } })
  if (!replay) throw new AppError('not_found', 'No such replay')
  const folder = path.join(input.recordingsDir, replay.recording.dir)
  const playlist = path.join(folder, rendition, REPLAY_MEDIA_PLAYLIST)
  const file = path.join(folder, mp4Name(rendition))
  const [source, cached] = await Promise.all([stat(playlist).catch(() => null), stat(file).catch(() => null)])
  if (!source) throw new AppError('not_found', 'This replay has no playlist yet')
  if (cached && cached.mtimeMs >= source.mtimeMs) return { state: 'ready', file, size: cached.size }
  if (!inFlight.has(file)) {
    const task = remux(input.ffmpegPath, playlist, file)
      .catch((error: unknown) => logger.error({ err: error, replayId: replay.id }, 'replay MP4 remux failed'))
      .finally(() => inFlight.delete(file))
    inFlight.set(file, task)
  }
  return { state: 'preparing' }
}

/** Waits for a remux this process started (tests, benchmarks). */
export async function settleReplayMp4s(): Promise<void> {
  await Promise.all(inFlight.values())
}

async function remux(ffmpeg: string, playlist: string, file: string) {
  const temporary = `${file}.${process.pid}.tmp.mp4`
  try {
    await run(ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-allowed_extensions', 'ALL', '-i', playlist, '-c', 'copy', '-movflags', '+faststart', temporary], {
      timeout: 10 * 60_000,
    })
    await rename(temporary, file)
  } finally {
    await rm(temporary, { force: true })
  }
}
