export type AttendanceSource = 'LIVE' | 'VENUE' | 'REPLAY'
export type LedgerEvent = {
  kind: 'JOIN' | 'LEAVE' | 'HEARTBEAT' | 'AWAY' | 'BACK' | 'PRESENCE_PROMPT' | 'PRESENCE_ACK' | 'VENUE_ENTRY' | 'VENUE_EXIT' | 'REPLAY_PROGRESS'
  at: string // ISO 8601 instant (server receive time)
  source: AttendanceSource
  forumId: string
  promptId?: string // PRESENCE_PROMPT / PRESENCE_ACK
  mediaFromSec?: number // REPLAY_PROGRESS: media-time range watched in this report
  mediaToSec?: number
}
/**
 * When a forum's attendance is counted. `mediaStart` is media time 0 of its replay (the moment
 * it went live); it defaults to `start`, and differs only when staff confirmed an earlier start
 * than the stream's (app/domain/credited-time.ts).
 */
export type ForumWindow = { forumId: string; start: string; end: string; mediaStart?: string }
export type AttendanceOptions = { heartbeatSec: number; graceSec: number; presenceTimeoutSec: number }
export type Interval = { forumId: string; source: AttendanceSource; start: string; end: string }

/** A programme slot that `attendedMinutes` measures attendance against. */
export type AttendanceSession = { id: string; forumId: string; start: string; end: string; isBreak?: boolean }

/**
 * Attendance evidence to intervals (issue 5). The ledger holds raw events only (pretix:
 * entry and exit are raw events, durations are computed later); this module turns one
 * registration's events into attended intervals, and intervals into minutes per session.
 * Pure: no clock, no I/O, so any figure can be recomputed from its evidence.
 *
 * Choices the issue leaves open:
 * - Evidence we can't place in time is not evidence. An event whose `at` is not an ISO 8601
 *   instant with a zone designator (`Z` or `±hh:mm`) is skipped: without a zone it would be
 *   read in the host's local time, and attendance must not depend on the host. A forum
 *   window or session with such an instant, or whose end is not after its start, covers
 *   nothing.
 * - Events of a forum that has no window are ignored: every interval is clipped to its
 *   forum's window, and there is nothing to clip to. If a forum has several windows, the
 *   first one counts.
 * - Events at the same instant keep their input (ledger) order; the sort is stable.
 * - Each source has its own kinds: LIVE uses JOIN, LEAVE, HEARTBEAT, AWAY, BACK,
 *   PRESENCE_PROMPT and PRESENCE_ACK; VENUE uses VENUE_ENTRY and VENUE_EXIT; REPLAY uses
 *   REPLAY_PROGRESS. A kind sent under another source (a HEARTBEAT marked VENUE) is ignored.
 * - Intervals of zero length (a JOIN and a LEAVE at the same instant) are dropped.
 * - `heartbeatSec` is accepted so callers pass one configuration object, but no rule needs
 *   it: the silence rule uses `graceSec`, which should be longer than a heartbeat interval.
 * - Negative or NaN durations in the options count as 0.
 * - Output order: forumId, then source, then start, each compared as plain strings /
 *   numbers (code-unit order, as SQL `ORDER BY` on ASCII ids), so sources come out
 *   LIVE, REPLAY, VENUE.
 */
export function deriveIntervals(events: LedgerEvent[], windows: ForumWindow[], options: AttendanceOptions): Interval[] {
  const graceMs = durationMs(options.graceSec)
  const presenceTimeoutMs = durationMs(options.presenceTimeoutSec)

  const tracks = new Map<string, ForumTrack>()
  for (const window of windows) {
    if (tracks.has(window.forumId)) continue
    const start = parseInstant(window.start)
    const end = parseInstant(window.end)
    if (!(start < end)) continue // false for NaN
    const track = createTrack(window.forumId, start, end)
    const mediaStart = window.mediaStart === undefined ? NaN : parseInstant(window.mediaStart)
    if (mediaStart === mediaStart) track.mediaStart = mediaStart
    tracks.set(window.forumId, track)
  }
  if (tracks.size === 0 || events.length === 0) return []

  const { times, order, hasPrompts } = chronologicalOrder(events)
  if (hasPrompts) collectAcks(events, times, order, tracks)

  let lastForumId: string | undefined
  let track: ForumTrack | undefined
  const count = order ? order.length : events.length
  for (let k = 0; k < count; k++) {
    const i = order ? order[k]! : k
    const event = events[i]!
    const at = times[i]!
    // One registration's events mostly come in runs of one forum, so skip the map lookup.
    if (event.forumId !== lastForumId) {
      lastForumId = event.forumId
      track = tracks.get(lastForumId)
    }
    if (!track) continue
    if (event.source === 'LIVE') stepLive(track, event, at, graceMs, presenceTimeoutMs)
    else if (event.source === 'VENUE') stepVenue(track, event.kind, at)
    else if (event.source === 'REPLAY') addReplay(track, event)
  }

  const out: Interval[] = []
  const sorted = [...tracks.values()].sort((a, b) => (a.forumId < b.forumId ? -1 : a.forumId > b.forumId ? 1 : 0))
  for (const t of sorted) {
    finishLive(t, graceMs)
    finishVenue(t)
    // Code-unit order of the source names: LIVE < REPLAY < VENUE.
    pushClampedUnion(out, t, 'LIVE', t.live, false)
    pushClampedUnion(out, t, 'REPLAY', t.replay, true)
    pushClampedUnion(out, t, 'VENUE', t.venue, false)
  }
  return out
}

/**
 * Minutes per session id: the union of the session's own forum's intervals from the
 * allowed sources, clipped to the session. Sources are unioned, not added, so a venue stay
 * watched online at the same time counts once (AMA PRA: claim no more than the
 * participation). Breaks count zero. Every session gets an entry, 0 when nothing covers
 * it. Minutes are exact (`ms / 60000`, so 30 seconds is 0.5): rounding is a credit rule's
 * business. A later session with the same id replaces an earlier one.
 */
export function attendedMinutes(intervals: Interval[], sessions: AttendanceSession[], sources: AttendanceSource[]): Record<string, number> {
  const spansByForum = new Map<string, number[]>()
  for (const interval of intervals) {
    if (!sources.includes(interval.source)) continue
    const start = parseInstant(interval.start)
    const end = parseInstant(interval.end)
    if (!(start < end)) continue
    const spans = spansByForum.get(interval.forumId)
    if (spans) spans.push(start, end)
    else spansByForum.set(interval.forumId, [start, end])
  }
  const unionByForum = new Map<string, number[]>()
  for (const [forumId, spans] of spansByForum) unionByForum.set(forumId, unionOf(spans))

  const minutes: Record<string, number> = {}
  for (const session of sessions) {
    const union = session.isBreak === true ? undefined : unionByForum.get(session.forumId)
    minutes[session.id] = union ? coveredMs(union, parseInstant(session.start), parseInstant(session.end)) / MS_PER_MINUTE : 0
  }
  return minutes
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant with a zone designator, NaN otherwise.
 * Same value as `Date.parse`, with a fast path for the canonical `toISOString()` form
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`): a day of heartbeats for 52,000 attendees is about fifty
 * million timestamps, and `Date.parse` alone would spend most of the time budget on them.
 */
export function parseInstant(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */) {
    const ms = parseCanonical(iso)
    if (ms === ms) return ms // not NaN
  }
  return ZONED_INSTANT.test(iso) ? Date.parse(iso) : NaN
}

const MS_PER_MINUTE = 60_000
const ZONED_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/

/**
 * The canonical form only; NaN sends anything unusual (hour 24, leap seconds…) to Date.parse.
 * Written for speed: integer arithmetic on char codes, no closures (tsx names each one it
 * creates, which costs more than the parse).
 */
function parseCanonical(s: string): number {
  const year = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3)
  const month = digitAt(s, 5) * 10 + digitAt(s, 6)
  const day = digitAt(s, 8) * 10 + digitAt(s, 9)
  const hour = digitAt(s, 11) * 10 + digitAt(s, 12)
  const minute = digitAt(s, 14) * 10 + digitAt(s, 15)
  const second = digitAt(s, 17) * 10 + digitAt(s, 18)
  const milli = digitAt(s, 20) * 100 + digitAt(s, 21) * 10 + digitAt(s, 22)
  const dateInRange = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31
  const timeInRange = hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && milli >= 0
  const separators = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(19) === 46 // --T::.
  if (!(dateInRange && timeInRange && separators)) return NaN
  // A ledger's instants mostly share their date: remember the last day's start. A memo, not
  // state: the result never depends on it.
  const dayKey = (year * 16 + month) * 32 + day
  if (dayKey !== lastDayKey) {
    lastDayKey = dayKey
    lastDayMs = daysFromCivil(year, month, day) * 86_400_000
  }
  return lastDayMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli
}
/** 0–9, or a large negative that makes any field built from it fail its range check. */
function digitAt(s: string, i: number): number {
  const v = s.charCodeAt(i) - 48
  return v >= 0 && v <= 9 ? v : -1_000_000
}
let lastDayKey = -1
let lastDayMs = 0

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
 * Day 29–31 of a short month rolls into the next month, as Date.parse does in V8.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function durationMs(seconds: number): number {
  return seconds > 0 ? seconds * 1000 : 0 // false for NaN
}

/** Per forum: its window, the LIVE and VENUE state machines, and the spans found so far. */
type ForumTrack = {
  forumId: string
  windowStart: number
  windowEnd: number
  mediaStart: number // media time 0 of the replay
  liveOpen: boolean
  liveStart: number
  lastActivity: number
  live: number[] // closed spans as flat [start, end, start, end, …], in time order
  venueOpen: boolean
  venueStart: number
  venue: number[]
  replay: number[] // in report order, may overlap
  acks: Map<string, number[]> | undefined // PRESENCE_ACK instants by promptId, in time order
}

function createTrack(forumId: string, windowStart: number, windowEnd: number): ForumTrack {
  return {
    forumId,
    windowStart,
    windowEnd,
    mediaStart: windowStart,
    liveOpen: false,
    liveStart: 0,
    lastActivity: 0,
    live: [],
    venueOpen: false,
    venueStart: 0,
    venue: [],
    replay: [],
    acks: undefined,
  }
}

/**
 * Parses every `at` once. Ledger events usually arrive in order, so when they do (and all
 * parse) no index array is built and nothing is sorted. Otherwise: valid events only,
 * by instant, ties in input order.
 */
function chronologicalOrder(events: LedgerEvent[]): { times: Float64Array; order: Uint32Array | undefined; hasPrompts: boolean } {
  const n = events.length
  const times = new Float64Array(n)
  let inOrder = true
  let valid = 0
  let hasPrompts = false
  let previous = -Infinity
  for (let i = 0; i < n; i++) {
    const event = events[i]!
    const at = parseInstant(event.at)
    times[i] = at
    if (at !== at) {
      inOrder = false
      continue
    }
    valid++
    if (at < previous) inOrder = false
    previous = at
    if (event.kind === 'PRESENCE_PROMPT') hasPrompts = true
  }
  if (inOrder) return { times, order: undefined, hasPrompts }
  const order = new Uint32Array(valid)
  let k = 0
  for (let i = 0; i < n; i++) if (times[i] === times[i]) order[k++] = i
  order.sort((a, b) => times[a]! - times[b]! || a - b)
  return { times, order, hasPrompts }
}

function collectAcks(events: LedgerEvent[], times: Float64Array, order: Uint32Array | undefined, tracks: Map<string, ForumTrack>) {
  const count = order ? order.length : events.length
  for (let k = 0; k < count; k++) {
    const i = order ? order[k]! : k
    const event = events[i]!
    if (event.kind !== 'PRESENCE_ACK' || event.source !== 'LIVE') continue
    const track = tracks.get(event.forumId)
    if (!track) continue
    track.acks ??= new Map()
    const id = event.promptId ?? ''
    const list = track.acks.get(id)
    if (list) list.push(times[i]!)
    else track.acks.set(id, [times[i]!])
  }
}

/**
 * Issue 5, presence prompts: a prompt is answered by a PRESENCE_ACK of the same `promptId`
 * (a missing id matches only a missing id) no earlier than the prompt and no later than
 * `presenceTimeoutSec` after it; an ACK exactly at the timeout is in time. A prompt whose
 * timeout has not yet passed when the ledger is read counts as missed until its ACK is in
 * the ledger, so a figure derived mid-session may still grow.
 */
function answeredInTime(track: ForumTrack, promptId: string | undefined, at: number, timeoutMs: number): boolean {
  const acks = track.acks?.get(promptId ?? '')
  if (!acks) return false
  for (const ack of acks) if (ack >= at && ack - at <= timeoutMs) return true
  return false
}

/**
 * Issue 5, LIVE state machine per forum, starting closed:
 * - a silence longer than `graceSec` between the last activity and the next event closes at
 *   the last activity (a silence of exactly `graceSec` does not);
 * - JOIN, BACK and PRESENCE_ACK are deliberate activity: they open when closed;
 * - HEARTBEAT is activity only while open and never reopens (a reconnecting client sends JOIN);
 * - LEAVE and AWAY close at their `at`;
 * - an unanswered PRESENCE_PROMPT closes at the prompt's `at`. The interval then stays
 *   closed through later heartbeats, until deliberate activity (any ACK, late ones
 *   included, or a JOIN or BACK) reopens it. Several prompts may be outstanding; each is
 *   judged on its own ACK. Whether a prompt was answered is read from the whole ledger,
 *   so a LEAVE between a missed prompt and its timeout does not extend the interval past
 *   the prompt.
 */
function stepLive(track: ForumTrack, event: LedgerEvent, at: number, graceMs: number, presenceTimeoutMs: number) {
  if (track.liveOpen && at - track.lastActivity > graceMs) closeLive(track, track.lastActivity)
  switch (event.kind) {
    case 'JOIN':
    case 'BACK':
    case 'PRESENCE_ACK':
      if (!track.liveOpen) {
        track.liveOpen = true
        track.liveStart = at
      }
      track.lastActivity = at
      return
    case 'HEARTBEAT':
      if (track.liveOpen) track.lastActivity = at
      return
    case 'LEAVE':
    case 'AWAY':
      if (track.liveOpen) closeLive(track, at)
      return
    case 'PRESENCE_PROMPT':
      if (track.liveOpen && !answeredInTime(track, event.promptId, at, presenceTimeoutMs)) closeLive(track, at)
      return
    default:
      return // a VENUE or REPLAY kind under LIVE: not LIVE evidence
  }
}

function closeLive(track: ForumTrack, at: number) {
  track.live.push(track.liveStart, at)
  track.liveOpen = false
}

/**
 * Issue 5, end of the events: an interval still open closes at the window's end if the last
 * activity was within `graceSec` of it (or after it), otherwise at the last activity.
 */
function finishLive(track: ForumTrack, graceMs: number) {
  if (!track.liveOpen) return
  closeLive(track, track.windowEnd - track.lastActivity <= graceMs ? track.windowEnd : track.lastActivity)
}

/**
 * Issue 5, VENUE: entry opens and exit closes. A second entry while inside keeps the first
 * (another door, or a re-scan); an exit with no entry before it is ignored.
 */
function stepVenue(track: ForumTrack, kind: LedgerEvent['kind'], at: number) {
  if (kind === 'VENUE_ENTRY') {
    if (!track.venueOpen) {
      track.venueOpen = true
      track.venueStart = at
    }
  } else if (kind === 'VENUE_EXIT' && track.venueOpen) {
    track.venue.push(track.venueStart, at)
    track.venueOpen = false
  }
}

/** Issue 5, VENUE: a missing exit closes at the window's end (nobody scans out at the end of a day). */
function finishVenue(track: ForumTrack) {
  if (!track.venueOpen) return
  track.venue.push(track.venueStart, track.windowEnd)
  track.venueOpen = false
}

/**
 * Issue 5, REPLAY: media time 0 is the forum window's start, so [from, to] seconds maps to
 * [start + from, start + to] on the forum's own timeline and replay minutes line up with the
 * sessions they replay. The report's `at` only orders it. A range with a missing or
 * non-finite bound, or that ends before it starts, is ignored. Media times are rounded to
 * the millisecond.
 */
function addReplay(track: ForumTrack, event: LedgerEvent) {
  if (event.kind !== 'REPLAY_PROGRESS') return
  const from = event.mediaFromSec
  const to = event.mediaToSec
  if (typeof from !== 'number' || typeof to !== 'number' || !Number.isFinite(from) || !Number.isFinite(to) || to < from) return
  track.replay.push(track.mediaStart + Math.round(from * 1000), track.mediaStart + Math.round(to * 1000))
}

/**
 * Issue 5, clamping and merging: every span is clipped to its forum's window, and
 * overlapping or touching spans of one forum and source become one interval (REPLAY: a
 * re-watched range counts once). `spans` must be in start order unless `mayBeUnordered`.
 */
function pushClampedUnion(out: Interval[], track: ForumTrack, source: AttendanceSource, spans: number[], mayBeUnordered: boolean) {
  if (spans.length === 0) return
  const ordered = mayBeUnordered ? inStartOrder(spans) : spans
  const { windowStart, windowEnd, forumId } = track
  let curStart = NaN
  let curEnd = NaN
  for (let j = 0; j < ordered.length; j += 2) {
    const start = Math.max(ordered[j]!, windowStart)
    const end = Math.min(ordered[j + 1]!, windowEnd)
    if (end <= start) continue
    if (start <= curEnd) {
      if (end > curEnd) curEnd = end
      continue
    }
    if (curStart === curStart) out.push(toInterval(forumId, source, curStart, curEnd))
    curStart = start
    curEnd = end
  }
  if (curStart === curStart) out.push(toInterval(forumId, source, curStart, curEnd))
}

function toInterval(forumId: string, source: AttendanceSource, start: number, end: number): Interval {
  return { forumId, source, start: new Date(start).toISOString(), end: new Date(end).toISOString() }
}

/** Flat spans sorted by start; returned as is when already in order (the usual replay report stream). */
function inStartOrder(spans: number[]): number[] {
  let ordered = true
  for (let j = 2; j < spans.length; j += 2) {
    if (spans[j]! < spans[j - 2]!) {
      ordered = false
      break
    }
  }
  if (ordered) return spans
  const count = spans.length / 2
  const order = new Uint32Array(count)
  for (let k = 0; k < count; k++) order[k] = k
  order.sort((a, b) => spans[a * 2]! - spans[b * 2]! || a - b)
  const sorted = new Array<number>(spans.length)
  for (let k = 0; k < count; k++) {
    sorted[k * 2] = spans[order[k]! * 2]!
    sorted[k * 2 + 1] = spans[order[k]! * 2 + 1]!
  }
  return sorted
}

/** Union of flat spans as disjoint flat spans in time order; touching spans join. */
function unionOf(spans: number[]): number[] {
  const ordered = inStartOrder(spans)
  const union: number[] = []
  for (let j = 0; j < ordered.length; j += 2) {
    const start = ordered[j]!
    const end = ordered[j + 1]!
    const last = union.length - 1 // index of the current span's end, -1 while empty
    if (last >= 0 && start <= union[last]!) {
      if (end > union[last]!) union[last] = end
    } else {
      union.push(start, end)
    }
  }
  return union
}

/** Milliseconds of a disjoint, ordered union inside [from, to); binary search to the first span that ends after `from`. */
function coveredMs(union: number[], from: number, to: number): number {
  if (!(from < to)) return 0
  let lo = 0
  let hi = union.length / 2
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (union[mid * 2 + 1]! <= from) lo = mid + 1
    else hi = mid
  }
  let total = 0
  for (let j = lo * 2; j < union.length && union[j]! < to; j += 2) {
    total += Math.min(union[j + 1]!, to) - Math.max(union[j]!, from)
  }
  return total
}
