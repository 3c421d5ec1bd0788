import path from 'node:path'
import { REPLAY_MASTER, REPLAY_MEDIA_PLAYLIST, type RenditionName } from '~/domain/hls-layout.ts'
import { renderMasterPlaylist, renderMediaPlaylist, totalDuration, trimSegments, type HlsSegment } from '~/domain/hls-playlist.ts'
import { writeFileAtomic } from '~/utils/write-file-atomic.server.ts'
import { readLivePlaylists } from './recording-files.server.ts'

/**
 * The replay's VOD playlists over the recorded segments, no re-encoding: per rendition
 * `replay.m3u8` (PLAYLIST-TYPE VOD, EXT-X-ENDLIST) with the trimmed range of `index.m3u8`,
 * and `replay-master.m3u8` over the renditions that have media. Rewritten on every trim.
 * Returns the kept segments of the first rendition (the replay's timeline) and its length.
 */
export async function writeReplayPlaylists(
  recordingsDir: string,
  dir: string,
  trim: { startSeconds: number; endSeconds: number | null },
): Promise<{ segments: HlsSegment[]; durationSeconds: number; renditions: RenditionName[] }> {
  const live = await readLivePlaylists(recordingsDir, dir)
  const renditions: RenditionName[] = []
  let timeline: HlsSegment[] | null = null
  for (const { rendition, playlist } of live) {
    const kept = trimSegments(playlist.segments, trim.startSeconds, trim.endSeconds)
    if (kept.length === 0) continue
    await writeFileAtomic(path.join(recordingsDir, dir, rendition, REPLAY_MEDIA_PLAYLIST), renderMediaPlaylist({ segments: kept, ended: true, type: 'VOD' }))
    renditions.push(rendition)
    timeline ??= kept
  }
  if (renditions.length > 0) await writeFileAtomic(path.join(recordingsDir, dir, REPLAY_MASTER), renderMasterPlaylist(REPLAY_MEDIA_PLAYLIST, renditions))
  const segments = timeline ?? []
  return { segments, durationSeconds: totalDuration(segments), renditions }
}
