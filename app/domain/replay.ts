import { segmentOffsets, totalDuration, type HlsSegment } from './hls-playlist.ts'

/**
 * Replays of recorded forums (issue 12, section 4): trims, chapters from the agenda, the
 * mapping from the replay's timeline to the forum's own clock, and the replay audience
 * curve. Pure: segments, sessions and times in; numbers out.
 *
 * Two timelines meet here. The replay's timeline is the player's currentTime: seconds from
 * the first kept segment, counting only media (a gap between two encoder runs, e.g. a
 * pause, takes no time). The forum's clock is wall-clock time, which every segment carries
 * as EXT-X-PROGRAM-DATE-TIME; chapters and the attendance ledger live on it.
 */

/**
 * Staff type a trim as seconds ("95", "95.5") or as a clock reading of the recording
 * ("1:35", "95:00", "01:01:35"). Returns seconds, or null when the text is neither.
 */
export function parseTrimTime(text: string): number | null {
  const t = text.trim()
  if (/^\d{1,6}(\.\d{1,3})?$/.test(t)) return Number(t)
  const hms = /^(\d{1,3}):([0-5]?\d):([0-5]\d)(\.\d{1,3})?$/.exec(t)
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]) + Number(hms[4] ?? 0)
  // Minutes and seconds; minutes may pass 59 ("95:00").
  const ms = /^(\d{1,4}):([0-5]\d)(\.\d{1,3})?$/.exec(t)
  if (!ms) return null
  return Number(ms[1]) * 60 + Number(ms[2]) + Number(ms[3] ?? 0)
}

/** hh:mm:ss (mm:ss under an hour) of a number of seconds, for staff and chapter lists. */
export function formatMediaTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = s % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`
}

export type TrimResult = { ok: true; startSeconds: number; endSeconds: number | null } | { ok: false; reason: 'outside' | 'empty' }

/**
 * A trim asked for on the recording's timeline, snapped to segment boundaries (no
 * re-encoding): the start down to the start of the segment containing it, the end up to the
 * end of the segment containing it (null when that is the recording's end). A start at or
 * past the end of the recording, or an end past it, is `outside`; an end at or before the
 * start is `empty`.
 */
export function snapTrim(segments: readonly HlsSegment[], startSeconds: number, endSeconds: number | null): TrimResult {
  const total = totalDuration(segments)
  if (!(startSeconds >= 0) || startSeconds >= total) return { ok: false, reason: 'outside' }
  if (endSeconds !== null && !(endSeconds <= total + 1e-6)) return { ok: false, reason: 'outside' }
  if (endSeconds !== null && endSeconds <= startSeconds) return { ok: false, reason: 'empty' }
  const offsets = segmentOffsets(segments)
  let start = 0
  for (const offset of offsets) {
    if (offset > startSeconds + 1e-6) break
    start = offset
  }
  let end: number | null = null
  if (endSeconds !== null) {
    for (const [i, offset] of offsets.entries()) {
      const segEnd = offset + segments[i]!.duration
      if (segEnd >= endSeconds - 1e-6) {
        end = segEnd
        break
      }
    }
    if (end !== null && Math.abs(end - total) < 1e-6) end = null
  }
  return { ok: true, startSeconds: round3(start), endSeconds: end === null ? null : round3(end) }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

/** A stretch of the replay without a gap: where it starts on the replay's timeline, how long, and when it was recorded. */
export type TimelineSpan = { replayStart: number; duration: number; wallStartMs: number }

function place(segments: readonly HlsSegment[]): TimelineSpan[] {
  const offsets = segmentOffsets(segments)
  return segments.map((s, i) => ({ replayStart: offsets[i]!, duration: s.duration, wallStartMs: Date.parse(s.programDateTime) }))
}

/**
 * The replay's timeline in a few spans: consecutive segments whose wall-clock times follow on
 * (within 50 ms) are one span; a pause or an encoder restart starts the next. A three-hour
 * replay of 5,400 segments is a handful of spans, small enough to hand to the page.
 */
export function replayTimeline(segments: readonly HlsSegment[]): TimelineSpan[] {
  const spans: TimelineSpan[] = []
  for (const p of place(segments)) {
    const last = spans.at(-1)
    if (last && Math.abs(last.wallStartMs + last.duration * 1000 - p.wallStartMs) <= 50) last.duration = round3(last.duration + p.duration)
    else spans.push({ ...p })
  }
  return spans
}

/**
 * The replay time at which a wall-clock instant was recorded: inside a segment, its offset
 * plus the time into it; in a gap between segments (a pause, an encoder restart), the next
 * segment's start; before the first segment, 0; after the last, null.
 */
export function replayTimeAt(segments: readonly HlsSegment[], atMs: number): number | null {
  for (const p of place(segments)) {
    if (atMs < p.wallStartMs) return p.replayStart
    if (atMs < p.wallStartMs + p.duration * 1000) return p.replayStart + (atMs - p.wallStartMs) / 1000
  }
  return null
}

export type AgendaSession = { id: string; titleZh: string; titleEn: string; speakers: string[]; startsAt: string; endsAt: string }
export type Chapter = { sessionId: string; titleZh: string; titleEn: string; speakers: string[]; startsAt: string; offsetSec: number }

/**
 * Chapters of a replay from the forum's agenda: each session starts a chapter at the replay
 * time its start was recorded (the segments' PROGRAM-DATE-TIME). A session already under way
 * when the (trimmed) replay starts gets a chapter at 0, a session that ended before it or
 * starts after its end gets none, and two sessions landing on the same time keep the later
 * one (the earlier has no media of its own). `segments` are the replay's kept segments.
 */
export function replayChapters(sessions: readonly AgendaSession[], segments: readonly HlsSegment[]): Chapter[] {
  if (segments.length === 0) return []
  const first = Date.parse(segments[0]!.programDateTime)
  const lastSeg = segments.at(-1)!
  const last = Date.parse(lastSeg.programDateTime) + lastSeg.duration * 1000
  const chapters: Chapter[] = []
  const ordered = [...sessions].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  for (const s of ordered) {
    const start = Date.parse(s.startsAt)
    const end = Date.parse(s.endsAt)
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue
    if (end <= first || start >= last) continue
    const offsetSec = start <= first ? 0 : replayTimeAt(segments, start)
    if (offsetSec === null) continue
    const chapter = { sessionId: s.id, titleZh: s.titleZh, titleEn: s.titleEn, speakers: s.speakers, startsAt: s.startsAt, offsetSec: round3(offsetSec) }
    if (chapters.length > 0 && chapters.at(-1)!.offsetSec === chapter.offsetSec) chapters[chapters.length - 1] = chapter
    else chapters.push(chapter)
  }
  return chapters
}

/**
 * A played range of the replay [fromSec, toSec) as ranges on the forum's clock, in seconds
 * from `mediaStartMs` (media time 0 of the attendance ledger: when the forum went live), over
 * the replay's timeline (replayTimeline). A
 * range that spans a gap between segments is split there, so replayed minutes line up with
 * the sessions they show. Parts before media time 0 are dropped.
 */
export function replayRangeToForumRanges(timeline: readonly TimelineSpan[], mediaStartMs: number, fromSec: number, toSec: number): { fromSec: number; toSec: number }[] {
  const out: { fromSec: number; toSec: number }[] = []
  if (!(toSec > fromSec)) return out
  for (const p of timeline) {
    const a = Math.max(fromSec, p.replayStart)
    const b = Math.min(toSec, p.replayStart + p.duration)
    if (b <= a) continue
    const wallA = (p.wallStartMs + (a - p.replayStart) * 1000 - mediaStartMs) / 1000
    const wallB = (p.wallStartMs + (b - p.replayStart) * 1000 - mediaStartMs) / 1000
    const from = round3(Math.max(0, wallA))
    const to = round3(wallB)
    if (to <= from) continue
    const prev = out.at(-1)
    if (prev && Math.abs(prev.toSec - from) < 0.002) prev.toSec = to
    else out.push({ fromSec: from, toSec: to })
  }
  return out
}

/**
 * The replay audience curve: for each minute of the forum's clock (from media time 0), how
 * many distinct registrations replayed some of it. Input: each registration's replay ranges
 * (REPLAY_PROGRESS media seconds from media time 0). A minute counts a viewer once however
 * often they rewatched it; `minutes` fixes the curve's length (ranges past it are cut).
 */
export function replayAudienceCurve(ranges: readonly { registrationId: string; fromSec: number; toSec: number }[], minutes: number): number[] {
  const n = Math.max(0, Math.floor(minutes))
  const seen = Array.from({ length: n }, () => new Set<string>())
  for (const r of ranges) {
    if (!(r.toSec > r.fromSec)) continue
    const first = Math.max(0, Math.floor(r.fromSec / 60))
    const last = Math.min(n - 1, Math.ceil(r.toSec / 60) - 1)
    for (let m = first; m <= last; m++) seen[m]!.add(r.registrationId)
  }
  return seen.map((s) => s.size)
}

/** Replay figures of a forum: viewers, minutes (each registration's distinct media minutes, summed). */
export function replayTotals(ranges: readonly { registrationId: string; fromSec: number; toSec: number }[]): { viewers: number; minutesWatched: number } {
  const byReg = new Map<string, [number, number][]>()
  for (const r of ranges) {
    if (!(r.toSec > r.fromSec)) continue
    const list = byReg.get(r.registrationId) ?? []
    list.push([r.fromSec, r.toSec])
    byReg.set(r.registrationId, list)
  }
  let seconds = 0
  for (const list of byReg.values()) {
    list.sort((a, b) => a[0] - b[0])
    let curA = -1
    let curB = -1
    for (const [a, b] of list) {
      if (a <= curB) curB = Math.max(curB, b)
      else {
        if (curB > curA) seconds += curB - curA
        curA = a
        curB = b
      }
    }
    if (curB > curA) seconds += curB - curA
  }
  return { viewers: byReg.size, minutesWatched: Math.round((seconds / 60) * 10) / 10 }
}

/**
 * Replay views: one registration's reports form one view until it stops reporting for
 * `gapMs` (30 minutes by default: a coffee break in the middle is the same view, coming back
 * the next day is another).
 */
export function replayViews(reports: readonly { registrationId: string; atMs: number }[], gapMs = 30 * 60_000): number {
  const byReg = new Map<string, number[]>()
  for (const r of reports) {
    const list = byReg.get(r.registrationId) ?? []
    list.push(r.atMs)
    byReg.set(r.registrationId, list)
  }
  let views = 0
  for (const list of byReg.values()) {
    list.sort((a, b) => a - b)
    views += 1
    for (let i = 1; i < list.length; i++) if (list[i]! - list[i - 1]! > gapMs) views++
  }
  return views
}
