import { execFile } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { LIVE_MASTER, LIVE_MEDIA_PLAYLIST, RENDITION_NAMES, initSegmentName, recordingDir } from '../../app/domain/hls-layout.ts'
import { parseMediaPlaylist, renderMasterPlaylist, renderMediaPlaylist, type HlsSegment } from '../../app/domain/hls-playlist.ts'

const run = promisify(execFile)

export type SyntheticRecording = {
  /** Absolute folder of the recording. */
  dir: string
  /** The live media playlist's segments, per rendition (the same names in both). */
  segments: HlsSegment[]
}

/**
 * A real recording in the broadcaster's layout (app/domain/hls-layout.ts), made by Debian's
 * ffmpeg from a test pattern and a tone: H.264 + AAC in fMP4 segments of 2 s, both renditions
 * (small frames, so it takes about a second per run), one encoder run per entry of
 * `runSeconds` joined with discontinuities, and the master and media playlists as the
 * broadcaster writes them. For tests of delivery, the player and replays that need a
 * recording but not a live stage.
 */
export async function writeSyntheticRecording(options: {
  recordingsDir: string
  forumId: string
  recordingId: string
  /** Seconds of media per encoder run (each a whole number of 2 s segments is best). */
  runSeconds?: number[]
  startedAt?: Date
  ended?: boolean
  ffmpeg?: string
}): Promise<SyntheticRecording> {
  const { recordingsDir, forumId, recordingId, runSeconds = [6], startedAt = new Date(), ended = false, ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg' } = options
  const dir = path.join(recordingsDir, recordingDir(forumId, recordingId))
  await rm(dir, { recursive: true, force: true })
  for (const name of RENDITION_NAMES) await mkdir(path.join(dir, name), { recursive: true })
  const segments: HlsSegment[] = []
  let clock = startedAt.getTime()
  for (const [runIndex, seconds] of runSeconds.entries()) {
    const runTag = String(runIndex).padStart(3, '0')
    const encode = (name: string, size: string, kbps: number, audio: string) => [
      '-map',
      `[${name}v]`,
      '-map',
      `[${audio}]`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
      '-s',
      size,
      '-g',
      '60',
      '-keyint_min',
      '60',
      '-sc_threshold',
      '0',
      '-b:v',
      `${kbps}k`,
      '-c:a',
      'aac',
      '-ac',
      '2',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'event',
      '-hls_segment_type',
      'fmp4',
      '-hls_flags',
      'independent_segments',
      '-hls_fmp4_init_filename',
      initSegmentName(runIndex),
      '-hls_segment_filename',
      path.join(dir, name, `seg-${runTag}-%06d.m4s`),
      path.join(dir, name, `ffmpeg-${runTag}.m3u8`),
    ]
    await run(ffmpeg, [
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=320x180:rate=30:duration=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${440 + 110 * runIndex}:sample_rate=48000:duration=${seconds}`,
      '-filter_complex',
      '[0:v]split=2[720pv][360pv];[1:a]asplit=2[a1][a2]',
      ...encode('720p', '320x180', 800, 'a1'),
      ...encode('360p', '160x90', 200, 'a2'),
    ])
    const produced = parseMediaPlaylist(await readFile(path.join(dir, '720p', `ffmpeg-${runTag}.m3u8`), 'utf8')).segments
    for (const [i, s] of produced.entries()) {
      segments.push({ ...s, programDateTime: new Date(clock).toISOString(), map: initSegmentName(runIndex), discontinuity: runIndex > 0 && i === 0 })
      clock += s.duration * 1000
    }
    for (const name of RENDITION_NAMES) await rm(path.join(dir, name, `ffmpeg-${runTag}.m3u8`))
  }
  const text = renderMediaPlaylist({ segments, ended, type: 'EVENT' })
  for (const name of RENDITION_NAMES) await writeFile(path.join(dir, name, LIVE_MEDIA_PLAYLIST), text)
  await writeFile(path.join(dir, LIVE_MASTER), renderMasterPlaylist(LIVE_MEDIA_PLAYLIST))
  return { dir, segments }
}
