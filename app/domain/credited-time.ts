import { deriveIntervals, parseInstant, type AttendanceOptions, type AttendanceSource, type ForumWindow, type Interval, type LedgerEvent } from './attendance.ts'
import { measureAttendance, type CreditInput } from './credits.ts'

/**
 * Credited time (issue 14): the one derivation from a registration's ledger to its credited
 * minutes per forum and session. Every surface (staff analytics and exports, the evidence
 * page, the attendee's credits, exam eligibility, certificates, the China project report)
 * reads its minutes from here, so one person never sees two answers. Pure: the clock comes
 * in as `now`.
 *
 * Forums as they really ran:
 * - A session's credited window defaults to its scheduled time.
 * - When the forum went live late, overran or was moved, the windows follow what happened:
 *   the forum's run is its scheduled span unless the live-status log (went live, paused,
 *   ended) or staff (confirmed or corrected times) say otherwise. Every session moves by the
 *   start's delay; when the forum ended later than its (moved) scheduled end, the last
 *   session runs on to the real end; nothing is credited outside the run or during a pause.
 *   Breaks stay breaks and count zero.
 * - Parallel forums are counted once: totals are unions over time (AMA PRA).
 */

export type TimeSpan = { start: string; end: string } // ISO 8601 instants with a zone
export type LiveStatusChange = { to: 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'; at: string }
export type RunBasis = 'SCHEDULE' | 'LIVE_LOG' | 'CONFIRMED'
/** How a forum really ran: its start and end, and the pauses in between. */
export type ForumRun = { start: string; end: string; pauses: TimeSpan[]; basis: RunBasis }

/**
 * What the live-status log says, or null when the forum never went live. Start: the first
 * LIVE. End: the ENDED; while still running, the later of `now` and the scheduled end moved
 * by the start's delay (a forum that is on is expected to run its programme). Pauses: from
 * each PAUSED to the next LIVE or ENDED (still open: to the end). Changes may come in any
 * order; unparsable instants are skipped.
 */
export function runFromLiveLog(changes: readonly LiveStatusChange[], schedule: TimeSpan, now: string): Omit<ForumRun, 'basis'> | null {
  const sorted = changes
    .map((c) => ({ to: c.to, at: parseInstant(c.at) }))
    .filter((c) => c.at === c.at)
    .sort((a, b) => a.at - b.at)
  const first = sorted.findIndex((c) => c.to === 'LIVE')
  if (first < 0) return null
  const start = sorted[first]!.at
  const endedAt = sorted.slice(first).find((c) => c.to === 'ENDED')?.at
  const expectedEnd = parseInstant(schedule.end) + (start - parseInstant(schedule.start))
  const end = endedAt ?? Math.max(parseInstant(now), expectedEnd, start)
  const pauses: [number, number][] = []
  let pausedAt: number | null = null
  for (const c of sorted.slice(first)) {
    if (c.at > end) break
    if (c.to === 'PAUSED' && pausedAt === null) pausedAt = c.at
    else if ((c.to === 'LIVE' || c.to === 'ENDED') && pausedAt !== null) {
      pauses.push([pausedAt, c.at])
      pausedAt = null
    }
  }
  if (pausedAt !== null) pauses.push([pausedAt, end])
  return { start: iso(start), end: iso(end), pauses: pauses.filter(([a, b]) => b > a).map(([a, b]) => ({ start: iso(a), end: iso(b) })) }
}

/** Staff-confirmed times win, then the live-status log, then the schedule. */
export function forumRun(input: { schedule: TimeSpan; changes: readonly LiveStatusChange[]; confirmed: { start: string; end: string; pauses: TimeSpan[] } | null; now: string }): ForumRun {
  if (input.confirmed) return { ...input.confirmed, basis: 'CONFIRMED' }
  const logged = runFromLiveLog(input.changes, input.schedule, input.now)
  if (logged) return { ...logged, basis: 'LIVE_LOG' }
  return { start: input.schedule.start, end: input.schedule.end, pauses: [], basis: 'SCHEDULE' }
}

export type ScheduledSession = { id: string; start: string; end: string; isBreak: boolean }
export type CreditedSession = { id: string; forumId: string; isBreak: boolean; scheduled: TimeSpan; windows: TimeSpan[] }

/**
 * Each session's credited windows: its scheduled time moved by the start's delay, the last
 * (non-break) session stretched to the real end on an overrun, everything clipped to the run,
 * pauses cut out. A break keeps its moved time (so it is shown) but counts zero anyway.
 */
export function creditedSessions(forumId: string, schedule: TimeSpan, sessions: readonly ScheduledSession[], run: ForumRun): CreditedSession[] {
  const runStart = parseInstant(run.start)
  const runEnd = parseInstant(run.end)
  const delay = runStart - parseInstant(schedule.start)
  const overrunFrom = parseInstant(schedule.end) + delay
  const moved = sessions.map((s) => ({ s, start: parseInstant(s.start) + delay, end: parseInstant(s.end) + delay }))
  if (runEnd > overrunFrom) {
    let last: (typeof moved)[number] | undefined
    for (const m of moved) if (!m.s.isBreak && m.end > m.start && (!last || m.end > last.end)) last = m
    if (last) last.end = runEnd
  }
  const pauses = run.pauses.map((p) => [parseInstant(p.start), parseInstant(p.end)] as const).filter(([a, b]) => b > a)
  return moved.map(({ s, start, end }) => {
    let pieces: [number, number][] = [[Math.max(start, runStart), Math.min(end, runEnd)]]
    for (const [a, b] of pauses) pieces = pieces.flatMap(([x, y]) => [[x, Math.min(y, a)] as [number, number], [Math.max(x, b), y] as [number, number]])
    return {
      id: s.id,
      forumId,
      isBreak: s.isBreak,
      scheduled: { start: s.start, end: s.end },
      windows: pieces.filter(([x, y]) => y > x).map(([x, y]) => ({ start: iso(x), end: iso(y) })),
    }
  })
}

/**
 * The window a forum's ledger is read in (deriveIntervals): from going live to ending as
 * before, widened to staff-confirmed times, which may start before the stream (the replay's
 * media time 0 stays the moment it went live).
 */
export function countingWindow(forum: { forumId: string; liveWindow: { start: string; end: string }; liveStartedAt: string | null }, run: ForumRun): ForumWindow {
  const window = { forumId: forum.forumId, start: forum.liveWindow.start, end: forum.liveWindow.end }
  if (run.basis !== 'CONFIRMED') return window
  const start = Math.min(parseInstant(window.start), parseInstant(run.start))
  const end = Math.max(parseInstant(window.end), parseInstant(run.end))
  return { forumId: forum.forumId, start: iso(start), end: iso(end), mediaStart: forum.liveStartedAt ?? window.start }
}

/** Everything the derivation needs about one forum. */
export type CreditedForum = { forumId: string; window: ForumWindow; run: ForumRun; sessions: CreditedSession[] }

export type CreditedMinutes = {
  /** Per session: minutes attended inside its credited windows, and the windows' minutes. */
  sessions: { id: string; forumId: string; isBreak: boolean; attended: number; offered: number }[]
  /**
   * Per forum: credited minutes (union of its sessions' windows covered by attendance), the
   * minutes it offered, and `present`: all minutes online or on site in its counting window,
   * breaks and time outside the programme included (staff analytics' other figure).
   */
  forums: { forumId: string; attended: number; offered: number; present: number; basis: RunBasis }[]
  /** Union over time across forums: parallel forums count once. */
  attended: number
  offered: number
  /** The same sessions as `computeCredits` reads them: one entry per credited window. */
  creditSessions: CreditInput['sessions']
}

const MS_PER_MINUTE = 60_000

/** The sessions in the form computeCredits takes: each credited window a piece of its session. */
export function toCreditSessions(forums: readonly CreditedForum[], sessionIds?: ReadonlySet<string>): CreditInput['sessions'] {
  return forums.flatMap((f) =>
    f.sessions
      .filter((s) => !sessionIds || sessionIds.has(s.id))
      .flatMap((s) => s.windows.map((w) => ({ id: s.id, forumId: s.forumId, start: w.start, end: w.end, ...(s.isBreak ? { isBreak: true } : {}) }))),
  )
}

/**
 * Stage two of the derivation: intervals (derived from the ledger, or the stored copy of
 * them) to credited minutes. `sessionIds` narrows the scope to some sessions (a session or
 * forum rule); `sources` is the rule's (or all three). Exact minutes; surfaces round.
 */
export function creditedMinutes(intervals: readonly Interval[], forums: readonly CreditedForum[], sources: readonly AttendanceSource[], sessionIds?: ReadonlySet<string>): CreditedMinutes {
  const allowed = [...sources]
  const creditSessions = toCreditSessions(forums, sessionIds)
  const own = intervals.filter((i) => allowed.includes(i.source))
  const byForum = new Map<string, Interval[]>()
  for (const i of own) {
    const list = byForum.get(i.forumId)
    if (list) list.push(i)
    else byForum.set(i.forumId, [i])
  }
  const sessions: CreditedMinutes['sessions'] = []
  const perForum: CreditedMinutes['forums'] = []
  // Per session and per forum on integer milliseconds, parsed once; the same arithmetic as
  // measureAttendance (union of the windows, intersected with the union of the forum's
  // intervals), which computes the total below and which computeCredits uses.
  for (const f of forums) {
    const mine = byForum.get(f.forumId) ?? []
    const attended = unionMs(mine.map((i) => [parseInstant(i.start), parseInstant(i.end)]))
    const forumWindows: [number, number][] = []
    for (const s of f.sessions) {
      if (sessionIds && !sessionIds.has(s.id)) continue
      const windows = s.isBreak ? [] : s.windows.map((w): [number, number] => [parseInstant(w.start), parseInstant(w.end)])
      forumWindows.push(...windows)
      const offered = unionMs(windows)
      sessions.push({ id: s.id, forumId: f.forumId, isBreak: s.isBreak, attended: overlapMs(offered, attended) / MS_PER_MINUTE, offered: totalMs(offered) / MS_PER_MINUTE })
    }
    const offered = unionMs(forumWindows)
    perForum.push({
      forumId: f.forumId,
      attended: overlapMs(offered, attended) / MS_PER_MINUTE,
      offered: totalMs(offered) / MS_PER_MINUTE,
      present: presentMs(mine, f.window) / MS_PER_MINUTE,
      basis: f.run.basis,
    })
  }
  const total = measureAttendance(creditSessions, own, allowed)
  return { sessions, forums: perForum, attended: total.attendedMs / MS_PER_MINUTE, offered: total.scheduledMs / MS_PER_MINUTE, creditSessions }
}

/**
 * The one derivation: a registration's ledger to its intervals and credited minutes. Both
 * stages are the same functions the stored copy (AttendanceInterval) is made and read with.
 */
export function deriveCreditedAttendance(
  events: LedgerEvent[],
  forums: readonly CreditedForum[],
  options: AttendanceOptions,
  sources: readonly AttendanceSource[],
  sessionIds?: ReadonlySet<string>,
): CreditedMinutes & { intervals: Interval[] } {
  const intervals = deriveIntervals(
    events,
    forums.map((f) => f.window),
    options,
  )
  return { intervals, ...creditedMinutes(intervals, forums, sources, sessionIds) }
}

export const ALL_SOURCES: readonly AttendanceSource[] = ['LIVE', 'VENUE', 'REPLAY']

/** Union of a forum's intervals inside its counting window, in ms. */
function presentMs(intervals: readonly Interval[], window: ForumWindow): number {
  const from = parseInstant(window.start)
  const to = parseInstant(window.end)
  const spans = intervals
    .map((i) => [Math.max(parseInstant(i.start), from), Math.min(parseInstant(i.end), to)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let curStart = NaN
  let curEnd = NaN
  for (const [a, b] of spans) {
    if (a <= curEnd) curEnd = Math.max(curEnd, b)
    else {
      if (curStart === curStart) total += curEnd - curStart
      curStart = a
      curEnd = b
    }
  }
  if (curStart === curStart) total += curEnd - curStart
  return total
}

/** Sorted, disjoint spans; overlapping or touching spans merge; spans that cover nothing (or NaN) are dropped. */
function unionMs(spans: [number, number][]): [number, number][] {
  const sorted = spans.filter(([a, b]) => a < b).sort((x, y) => x[0] - y[0])
  const out: [number, number][] = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

function totalMs(spans: [number, number][]): number {
  let total = 0
  for (const [a, b] of spans) total += b - a
  return total
}

/** Milliseconds two sorted, disjoint span lists share. */
function overlapMs(x: [number, number][], y: [number, number][]): number {
  let total = 0
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i]![0], y[j]![0])
    const end = Math.min(x[i]![1], y[j]![1])
    if (end > start) total += end - start
    if (x[i]![1] < y[j]![1]) i++
    else j++
  }
  return total
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * What is wrong with times staff confirm, or null: the end must come after the start, and
 * each pause must lie inside the run without overlapping another.
 */
export function actualTimesProblem(times: { start: string; end: string; pauses: readonly TimeSpan[] }): 'end_before_start' | 'pause_outside' | 'pauses_overlap' | null {
  const start = parseInstant(times.start)
  const end = parseInstant(times.end)
  if (!(start < end)) return 'end_before_start'
  const pauses = times.pauses.map((p) => [parseInstant(p.start), parseInstant(p.end)] as const).sort((a, b) => a[0] - b[0])
  if (pauses.some(([a, b]) => !(a < b) || a < start || b > end)) return 'pause_outside'
  for (let i = 1; i < pauses.length; i++) if (pauses[i]![0] < pauses[i - 1]![1]) return 'pauses_overlap'
  return null
}
