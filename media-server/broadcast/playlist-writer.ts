import { mkdir, readFile, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import {
  CURRENT_RECORDING_FILE,
  LIVE_MASTER,
  LIVE_MEDIA_PLAYLIST,
  RECORDING_META,
  RENDITION_NAMES,
  initSegmentName,
  isSafeId,
  recordingDir,
  type CurrentRecording,
  type RecordingMeta,
  type RenditionName,
} from '../../app/domain/hls-layout.ts'
import { parseMediaPlaylist, renderMasterPlaylist, renderMediaPlaylist, type HlsSegment } from '../../app/domain/hls-playlist.ts'
import { writeFileAtomic } from '../../app/utils/write-file-atomic.server.ts'
import { runPlaylistName } from './program.ts'

/** The forum's current.json (written by the app), or null when absent or not valid. */
export async function readCurrentRecording(recordingsDir: string, forumId: string): Promise<CurrentRecording | null> {
  if (!isSafeId(forumId)) return null
  try {
    const value = JSON.parse(await readFile(path.join(recordingsDir, forumId, CURRENT_RECORDING_FILE), 'utf8')) as Partial<CurrentRecording>
    if (!isSafeId(value.recordingId) || (value.status !== 'RECORDING' && value.status !== 'ENDED')) return null
    return { recordingId: value.recordingId, status: value.status, at: String(value.at ?? '') }
  } catch {
    return null
  }
}

const RUN_OF_SEGMENT = /^seg-(\d{3})-\d{6}\.m4s$/

/**
 * The recording's own playlists, kept by node rather than by ffmpeg: every encoder run writes
 * its own per-run playlist (`ffmpeg-<run>.m3u8`); this writer reads it and maintains
 * `<rendition>/index.m3u8` as the runs committed so far plus the run on air, with
 * EXT-X-DISCONTINUITY and the run's EXT-X-MAP at each new run, and `recording.json`. Reopened
 * after a restart, it reads its playlists back from disk and goes on with the next run.
 */
export class PlaylistWriter {
  private readonly committed = new Map<RenditionName, HlsSegment[]>()
  private readonly live = new Map<RenditionName, HlsSegment[]>()
  private readonly written = new Map<RenditionName, string>()
  private onAir: number | null = null
  ended = false

  private constructor(
    readonly recordingPath: string,
    readonly meta: RecordingMeta,
  ) {}

  static async open(recordingsDir: string, forumId: string, recordingId: string): Promise<PlaylistWriter> {
    const recordingPath = path.join(recordingsDir, recordingDir(forumId, recordingId))
    for (const name of RENDITION_NAMES) await mkdir(path.join(recordingPath, name), { recursive: true })
    let meta: RecordingMeta = { forumId, recordingId, runs: [], rtpPacketsReceived: 0, rtpPacketsLost: 0, ffmpegRestarts: 0, discontinuities: 0 }
    try {
      meta = { ...meta, ...(JSON.parse(await readFile(path.join(recordingPath, RECORDING_META), 'utf8')) as RecordingMeta) }
    } catch {
      // a new recording
    }
    const writer = new PlaylistWriter(recordingPath, meta)
    for (const name of RENDITION_NAMES) {
      let segments: HlsSegment[] = []
      try {
        segments = parseMediaPlaylist(await readFile(path.join(recordingPath, name, LIVE_MEDIA_PLAYLIST), 'utf8')).segments
      } catch {
        // no playlist yet
      }
      writer.committed.set(name, segments)
      writer.live.set(name, [])
    }
    await writeFileAtomic(path.join(recordingPath, LIVE_MASTER), renderMasterPlaylist(LIVE_MEDIA_PLAYLIST))
    return writer
  }

  /** The next run's number: after every run recorded in recording.json and every segment in the playlists. */
  nextRun(): number {
    let last = -1
    for (const r of this.meta.runs) last = Math.max(last, r.run)
    for (const segments of this.committed.values()) {
      for (const s of segments) {
        const m = RUN_OF_SEGMENT.exec(s.uri)
        if (m) last = Math.max(last, Number(m[1]))
      }
    }
    return last + 1
  }

  get segmentCount(): number {
    return (this.committed.get(RENDITION_NAMES[0]!)?.length ?? 0) + (this.live.get(RENDITION_NAMES[0]!)?.length ?? 0)
  }

  async beginRun(run: number, reason: string, startedAt: Date) {
    this.meta.runs.push({ run, startedAt: startedAt.toISOString(), reason })
    this.ended = false
    await this.saveMeta()
  }

  /** The segments ffmpeg has finished for a run, per rendition (its per-run playlist). */
  async runSegments(run: number): Promise<Map<RenditionName, HlsSegment[]>> {
    const result = new Map<RenditionName, HlsSegment[]>()
    for (const name of RENDITION_NAMES) {
      try {
        const parsed = parseMediaPlaylist(await readFile(path.join(this.recordingPath, name, runPlaylistName(run)), 'utf8'))
        result.set(
          name,
          parsed.segments.map((s) => ({ ...s, map: initSegmentName(run), discontinuity: false })),
        )
      } catch {
        result.set(name, [])
      }
    }
    return result
  }

  /** Puts a run on air: its segments are appended to the live playlists as ffmpeg writes them. */
  setOnAir(run: number | null) {
    this.onAir = run
    for (const name of RENDITION_NAMES) this.live.set(name, [])
  }

  get runOnAir(): number | null {
    return this.onAir
  }

  /** Reads the on-air run's playlist and rewrites the live playlists if anything changed. */
  async refresh() {
    if (this.onAir !== null) {
      const segments = await this.runSegments(this.onAir)
      for (const name of RENDITION_NAMES) this.live.set(name, this.markFirst(name, segments.get(name)!))
    }
    await this.writePlaylists()
  }

  /**
   * Ends the on-air run: its final segments join the committed part. With `cutoff` (the next
   * run's first wall-clock time, when the next run overlaps this one), segments that start
   * more than half a segment after it are left out, so the playlist neither repeats nor skips
   * more than about a second at the discontinuity.
   */
  async commitRun(run: number, cutoff?: string) {
    const segments = await this.runSegments(run)
    for (const name of RENDITION_NAMES) {
      let kept = segments.get(name)!
      if (cutoff) {
        const limit = Date.parse(cutoff)
        kept = kept.filter((s) => Date.parse(s.programDateTime) + (s.duration * 1000) / 2 <= limit)
      }
      const marked = this.markFirst(name, kept)
      this.committed.get(name)!.push(...marked)
    }
    if (this.onAir === run) this.setOnAir(null)
    await this.writePlaylists()
    await this.saveMeta()
    for (const name of RENDITION_NAMES) await rm(path.join(this.recordingPath, name, runPlaylistName(run)), { force: true })
  }

  /** A run that never went on air: its files go (its segments were never listed). */
  async discardRun(run: number) {
    this.meta.runs = this.meta.runs.filter((r) => r.run !== run)
    await this.saveMeta()
    for (const name of RENDITION_NAMES) {
      const folder = path.join(this.recordingPath, name)
      for (const file of await readdir(folder)) {
        if (file === runPlaylistName(run) || file === initSegmentName(run) || file.startsWith(`seg-${String(run).padStart(3, '0')}-`)) await rm(path.join(folder, file), { force: true })
      }
    }
  }

  /** The forum ended: EXT-X-ENDLIST on the live playlists. */
  async end() {
    this.ended = true
    this.written.clear()
    await this.writePlaylists()
    await this.saveMeta()
  }

  async saveMeta() {
    await writeFileAtomic(path.join(this.recordingPath, RECORDING_META), `${JSON.stringify(this.meta, null, 2)}\n`)
  }

  playlist(name: RenditionName): HlsSegment[] {
    return [...this.committed.get(name)!, ...this.live.get(name)!]
  }

  /** A run's first segment starts a discontinuity when something was recorded before it. */
  private markFirst(name: RenditionName, segments: HlsSegment[]): HlsSegment[] {
    const before = this.committed.get(name)!.length > 0
    return segments.map((s, i) => ({ ...s, discontinuity: before && i === 0 }))
  }

  private async writePlaylists() {
    this.meta.discontinuities = this.playlist(RENDITION_NAMES[0]!).filter((s) => s.discontinuity).length
    for (const name of RENDITION_NAMES) {
      const text = renderMediaPlaylist({ segments: this.playlist(name), ended: this.ended, type: 'EVENT' })
      if (this.written.get(name) === text) continue
      await writeFileAtomic(path.join(this.recordingPath, name, LIVE_MEDIA_PLAYLIST), text)
      this.written.set(name, text)
    }
  }
}
