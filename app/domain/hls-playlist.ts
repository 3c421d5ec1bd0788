import { MAX_SEGMENT_SECONDS, RENDITIONS, type RenditionName } from './hls-layout.ts'

/**
 * HLS playlists as the broadcaster writes them and the replay reads them (RFC 8216, version 7
 * for fMP4/EXT-X-MAP). The broadcaster writes its own media playlist rather than ffmpeg's, so a
 * recording stays one playlist across encoder runs: each run starts with EXT-X-DISCONTINUITY
 * (except the first) and its own EXT-X-MAP, and every segment carries EXT-X-PROGRAM-DATE-TIME,
 * the wall-clock time of its first frame, which maps it to the agenda.
 *
 * Pure: text in, text out.
 */

export type HlsSegment = {
  /** File name relative to the playlist, e.g. "seg-000-000001.m4s". */
  uri: string
  /** Seconds. */
  duration: number
  /** Wall-clock time of the segment's first frame (ISO 8601, UTC). */
  programDateTime: string
  /** The init segment (EXT-X-MAP URI) this segment needs. */
  map: string
  /** A new encoder run starts here: timestamps and codec parameters may change. */
  discontinuity: boolean
}

export type MediaPlaylist = {
  segments: HlsSegment[]
  /** EXT-X-ENDLIST: the recording is closed. */
  ended: boolean
  /** EVENT while live (segments are only appended), VOD for replays. */
  type: 'EVENT' | 'VOD'
  targetDuration: number
  /** EXT-X-DISCONTINUITY-SEQUENCE at the head; 0 for playlists that keep every segment. */
  discontinuitySequence: number
}

const fmt = (seconds: number) => seconds.toFixed(3)

/** The media playlist's text. EXT-X-TARGETDURATION: every EXTINF, rounded to the nearest integer, fits in it (RFC 8216 4.3.3.1). */
export function renderMediaPlaylist(playlist: Omit<MediaPlaylist, 'targetDuration' | 'discontinuitySequence'> & { targetDuration?: number }): string {
  const longest = playlist.segments.reduce((max, s) => Math.max(max, s.duration), 0)
  const target = playlist.targetDuration ?? Math.max(MAX_SEGMENT_SECONDS, Math.round(longest))
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', `#EXT-X-PLAYLIST-TYPE:${playlist.type}`, '#EXT-X-INDEPENDENT-SEGMENTS']
  let map: string | null = null
  playlist.segments.forEach((segment, i) => {
    if (segment.discontinuity && i > 0) lines.push('#EXT-X-DISCONTINUITY')
    if (segment.map !== map) {
      lines.push(`#EXT-X-MAP:URI="${segment.map}"`)
      map = segment.map
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime}`, `#EXTINF:${fmt(segment.duration)},`, segment.uri)
  })
  if (playlist.ended) lines.push('#EXT-X-ENDLIST')
  return `${lines.join('\n')}\n`
}

/**
 * Reads a media playlist written by renderMediaPlaylist (or by ffmpeg's hls muxer with
 * program_date_time): segments with their duration, map and wall-clock start. Throws on text
 * that is not a media playlist. A segment without EXT-X-PROGRAM-DATE-TIME takes the previous
 * segment's time plus its duration.
 */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  if (lines[0] !== '#EXTM3U') throw new Error('not an HLS playlist')
  const segments: HlsSegment[] = []
  let ended = false
  let type: 'EVENT' | 'VOD' = 'EVENT'
  let targetDuration = MAX_SEGMENT_SECONDS
  let discontinuitySequence = 0
  let map = ''
  let pending: { duration?: number; programDateTime?: string; discontinuity: boolean } = { discontinuity: false }
  for (const line of lines.slice(1)) {
    if (!line) continue
    if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.slice(22))
    else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:')) type = line.slice(21) === 'VOD' ? 'VOD' : 'EVENT'
    else if (line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:')) discontinuitySequence = Number(line.slice(30))
    else if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true
    else if (line === '#EXT-X-ENDLIST') ended = true
    else if (line.startsWith('#EXT-X-MAP:')) map = /URI="([^"]+)"/.exec(line)?.[1] ?? ''
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.programDateTime = new Date(line.slice(25)).toISOString()
    else if (line.startsWith('#EXTINF:')) pending.duration = Number(line.slice(8).split(',')[0])
    else if (line.startsWith('#EXT-X-STREAM-INF')) throw new Error('a master playlist, not a media playlist')
    else if (!line.startsWith('#')) {
      if (pending.duration === undefined || !Number.isFinite(pending.duration)) throw new Error(`segment ${line} has no EXTINF`)
      const previous = segments.at(-1)
      const programDateTime = pending.programDateTime ?? (previous ? new Date(Date.parse(previous.programDateTime) + previous.duration * 1000).toISOString() : new Date(0).toISOString())
      segments.push({ uri: line, duration: pending.duration, programDateTime, map, discontinuity: pending.discontinuity })
      pending = { discontinuity: false }
    }
  }
  return { segments, ended, type, targetDuration, discontinuitySequence }
}

/** Seconds from the first segment's start to each segment's start (the replay's timeline). */
export function segmentOffsets(segments: readonly HlsSegment[]): number[] {
  const offsets: number[] = []
  let t = 0
  for (const s of segments) {
    offsets.push(t)
    t += s.duration
  }
  return offsets
}

export function totalDuration(segments: readonly HlsSegment[]): number {
  return segments.reduce((sum, s) => sum + s.duration, 0)
}

/**
 * The segments a trim keeps, cut on segment boundaries without re-encoding: from the segment
 * that contains `startSeconds` (so nothing asked for is lost) to the segment that contains
 * `endSeconds` (null: to the end). The first kept segment keeps its map; a discontinuity on it
 * is dropped (it starts the playlist).
 */
export function trimSegments(segments: readonly HlsSegment[], startSeconds: number, endSeconds: number | null): HlsSegment[] {
  const offsets = segmentOffsets(segments)
  const kept = segments.filter((s, i) => offsets[i]! + s.duration > startSeconds && (endSeconds === null || offsets[i]! < endSeconds))
  return kept.map((s, i) => (i === 0 ? { ...s, discontinuity: false } : s))
}

/** The master playlist over the renditions' media playlists (`<rendition>/<mediaPlaylist>`). */
export function renderMasterPlaylist(mediaPlaylist: string, renditions: readonly RenditionName[] = RENDITIONS.map((r) => r.name)): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS']
  for (const name of renditions) {
    const r = RENDITIONS.find((x) => x.name === name)!
    const bandwidth = Math.round((r.videoKbps + r.audioKbps) * 1000 * 1.1)
    // avc1.64001f: H.264 High, level 3.1; mp4a.40.2: AAC-LC.
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},AVERAGE-BANDWIDTH=${(r.videoKbps + r.audioKbps) * 1000},RESOLUTION=${r.width}x${r.height},FRAME-RATE=${r.fps}.000,CODECS="avc1.64001f,mp4a.40.2"`,
    )
    lines.push(`${r.name}/${mediaPlaylist}`)
  }
  return `${lines.join('\n')}\n`
}
