/**
 * Where a forum's broadcast lives on disk and in URLs (issue 12; docs/broadcast-and-replay.md).
 *
 *   <RECORDINGS_DIR>/<forumId>/<recordingId>/
 *     master.m3u8                    live master playlist (both renditions)
 *     replay-master.m3u8             replay master playlist (written when the recording ends, rewritten on trim)
 *     recording.json                 the broadcaster's metadata: runs, counters (RecordingMeta)
 *     720p/ and 360p/
 *       index.m3u8                   live media playlist (EVENT; EXT-X-ENDLIST once the forum ends)
 *       replay.m3u8                  replay media playlist (VOD; the trimmed range of index.m3u8)
 *       init-<run>.mp4               fMP4 initialisation segment of one encoder run (EXT-X-MAP)
 *       seg-<run>-<seq>.m4s          fMP4 media segments, at most 2 s each
 *
 * A "run" is one life of the encoder: every (re)start of ffmpeg, after a stage change, a
 * worker death or a media-server restart, opens the next run. The live playlist goes on
 * across runs with EXT-X-DISCONTINUITY and the new run's EXT-X-MAP, so a recording is one
 * playlist however often the encoder restarted.
 *
 * Pure: names, patterns and checks only; no file system.
 */

export const RENDITIONS = [
  { name: '720p', width: 1280, height: 720, fps: 30, videoKbps: 2500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, fps: 30, videoKbps: 600, audioKbps: 64 },
] as const
export type RenditionName = (typeof RENDITIONS)[number]['name']
export const RENDITION_NAMES: readonly RenditionName[] = RENDITIONS.map((r) => r.name)

/** The longest a segment may be, in seconds (the bound). The encoder aims at this with a key frame every segment. */
export const MAX_SEGMENT_SECONDS = 2

export const LIVE_MASTER = 'master.m3u8'
export const REPLAY_MASTER = 'replay-master.m3u8'
export const LIVE_MEDIA_PLAYLIST = 'index.m3u8'
export const REPLAY_MEDIA_PLAYLIST = 'replay.m3u8'
export const RECORDING_META = 'recording.json'

/**
 * `<RECORDINGS_DIR>/<forumId>/current.json`: which recording of a forum the broadcaster writes
 * to. The app owns the Recording rows: when a forum goes live it opens (or continues) the
 * forum's recording and writes this file (write to a temporary name, then rename); when the
 * forum ends it writes status ENDED. The broadcaster, which has no database, reads it whenever
 * it (re)attaches, so a rebuilt room or a restarted media server continues the same recording.
 */
export const CURRENT_RECORDING_FILE = 'current.json'
export type CurrentRecording = { recordingId: string; status: 'RECORDING' | 'ENDED'; /** ISO time the app wrote it. */ at: string }

export function currentRecordingPath(forumId: string): string {
  if (!isSafeId(forumId)) throw new Error('forumId must be an id')
  return `${forumId}/${CURRENT_RECORDING_FILE}`
}

const ID = /^[A-Za-z0-9_-]{1,64}$/

/** A database id that may name a folder: letters, digits, `_` and `-` only (no dots, no slashes). */
export function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id)
}

/** The recording's folder relative to RECORDINGS_DIR (stored as Recording.dir). */
export function recordingDir(forumId: string, recordingId: string): string {
  if (!isSafeId(forumId) || !isSafeId(recordingId)) throw new Error('forumId and recordingId must be ids')
  return `${forumId}/${recordingId}`
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

export function initSegmentName(run: number): string {
  return `init-${pad(run, 3)}.mp4`
}

export function mediaSegmentName(run: number, sequence: number): string {
  return `seg-${pad(run, 3)}-${pad(sequence, 6)}.m4s`
}

/** What kind of file a path inside a recording's folder names, or null when it names none. */
export type RecordingFileKind = 'live-playlist' | 'replay-playlist' | 'init' | 'segment' | 'mp4'

const FILE_PATTERNS: [RegExp, RecordingFileKind][] = [
  [/^(master|(720p|360p)\/index)\.m3u8$/, 'live-playlist'],
  [/^(replay-master|(720p|360p)\/replay)\.m3u8$/, 'replay-playlist'],
  [/^(720p|360p)\/init-\d{3}\.mp4$/, 'init'],
  [/^(720p|360p)\/seg-\d{3}-\d{6}\.m4s$/, 'segment'],
  [/^replay-(720p|360p)\.mp4$/, 'mp4'],
]

/**
 * The kind of a requested file, checked against the layout before any file is opened: a path
 * that is not exactly one of the layout's names (`..`, absolute paths, encoded slashes, other
 * files such as recording.json) is null and never served.
 */
export function recordingFileKind(file: unknown): RecordingFileKind | null {
  if (typeof file !== 'string' || file.length > 64) return null
  for (const [pattern, kind] of FILE_PATTERNS) if (pattern.test(file)) return kind
  return null
}

/** Content types of the served files (CMAF: fMP4 init and media segments). */
export function contentTypeOf(kind: RecordingFileKind): string {
  switch (kind) {
    case 'live-playlist':
    case 'replay-playlist':
      return 'application/vnd.apple.mpegurl'
    case 'init':
    case 'mp4':
      return 'video/mp4'
    case 'segment':
      return 'video/iso.segment'
  }
}

/**
 * Cache lifetimes, for browsers and for an edge cache in front of the origin. A live playlist
 * changes with every segment: an edge may hold it for 1 s (half a segment) so one request per
 * edge per second reaches the origin. Segments and init segments never change once written.
 * Replay playlists change only when staff trim; MP4 downloads are rewritten with them.
 */
export function cacheControlOf(kind: RecordingFileKind): string {
  switch (kind) {
    case 'live-playlist':
      return 'public, max-age=1'
    case 'replay-playlist':
    case 'mp4':
      return 'public, max-age=60'
    case 'init':
    case 'segment':
      return 'public, max-age=604800, immutable'
  }
}

/** The broadcaster's metadata file (recording.json), read by the app when a recording ends. */
export type RecordingMeta = {
  forumId: string
  recordingId: string
  /** Encoder runs, in order: when each started (ISO) and why. */
  runs: { run: number; startedAt: string; reason: string }[]
  rtpPacketsReceived: number
  rtpPacketsLost: number
  ffmpegRestarts: number
  discontinuities: number
  /** Set when recording stopped on a fault, e.g. "disk_full". */
  failureReason?: string
}
