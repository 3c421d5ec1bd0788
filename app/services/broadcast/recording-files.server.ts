import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from '~/utils/write-file-atomic.server.ts'
import { CURRENT_RECORDING_FILE, LIVE_MEDIA_PLAYLIST, RECORDING_META, RENDITION_NAMES, type CurrentRecording, type RecordingMeta, type RenditionName } from '~/domain/hls-layout.ts'
import { parseMediaPlaylist, type MediaPlaylist } from '~/domain/hls-playlist.ts'

/**
 * The app's side of the recordings folder (app/domain/hls-layout.ts): current.json for the
 * broadcaster, the live playlists and recording.json it writes, and the replay files the app
 * writes. Every write goes through writeFileAtomic (a temporary name, then rename), so a reader
 * (the broadcaster, nginx, a player) never sees half a file.
 */

export async function writeCurrentRecording(recordingsDir: string, forumId: string, current: CurrentRecording): Promise<void> {
  await writeFileAtomic(path.join(recordingsDir, forumId, CURRENT_RECORDING_FILE), `${JSON.stringify(current)}\n`)
}

export async function readCurrentRecording(recordingsDir: string, forumId: string): Promise<CurrentRecording | null> {
  try {
    return JSON.parse(await readFile(path.join(recordingsDir, forumId, CURRENT_RECORDING_FILE), 'utf8')) as CurrentRecording
  } catch {
    return null
  }
}

/** A rendition's live media playlist, or null when the broadcaster wrote none (nothing was recorded). */
export async function readLivePlaylist(recordingsDir: string, dir: string, rendition: RenditionName): Promise<MediaPlaylist | null> {
  try {
    return parseMediaPlaylist(await readFile(path.join(recordingsDir, dir, rendition, LIVE_MEDIA_PLAYLIST), 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** The renditions that have a live playlist, with it. */
export async function readLivePlaylists(recordingsDir: string, dir: string): Promise<{ rendition: RenditionName; playlist: MediaPlaylist }[]> {
  const out: { rendition: RenditionName; playlist: MediaPlaylist }[] = []
  for (const rendition of RENDITION_NAMES) {
    const playlist = await readLivePlaylist(recordingsDir, dir, rendition)
    if (playlist) out.push({ rendition, playlist })
  }
  return out
}

/** recording.json, or null when absent or unreadable (the broadcaster never started, or died mid-write). */
export async function readRecordingMeta(recordingsDir: string, dir: string): Promise<RecordingMeta | null> {
  try {
    const meta = JSON.parse(await readFile(path.join(recordingsDir, dir, RECORDING_META), 'utf8')) as RecordingMeta
    return typeof meta === 'object' && meta !== null ? meta : null
  } catch {
    return null
  }
}
