/**
 * Forum analytics from derived attendance intervals: pure, minute-resolution, no clock.
 * Every figure counts people (registrations), not devices or sources: one person at the
 * venue with the stream open on a phone is one viewer.
 */
import type { AttendanceSource } from './attendance.ts'

export type AnalyticsInterval = { registrationId: string; source: AttendanceSource; start: number; end: number } // epoch ms
export type ForumAnalytics = {
  /** Viewers present at some point of each minute of the window, from its start (any source). */
  concurrency: number[]
  /** The same, counting online (LIVE) viewing only: the stream's own audience. */
  concurrencyOnline: number[]
  peak: { viewers: number; minute: number }
  uniqueAttendees: number
  uniqueBySource: Record<AttendanceSource, number>
  /** Attended minutes per person (union over sources). */
  averageMinutes: number
  medianMinutes: number
  /** Share (0..1) of attendees who were still there at or after each minute: the drop-off curve. */
  retention: number[]
}

const MINUTE = 60_000

/** Merges one person's intervals (any source) into disjoint spans, clipped to the window. */
export function personSpans(intervals: { start: number; end: number }[], windowStart: number, windowEnd: number): [number, number][] {
  const clipped = intervals
    .map((i) => [Math.max(i.start, windowStart), Math.min(i.end, windowEnd)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  const merged: [number, number][] = []
  for (const span of clipped) {
    const last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push([span[0], span[1]])
  }
  return merged
}

export function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Adds one person's disjoint, sorted spans to a per-minute difference array: +1 at the
 * first minute each span touches, −1 after its last; a minute two spans share counts once.
 */
function countMinutes(diff: number[], spans: [number, number][], windowStart: number) {
  let seenMinute = -1
  for (const [a, b] of spans) {
    const first = Math.max(Math.floor((a - windowStart) / MINUTE), seenMinute + 1)
    const last = Math.ceil((b - windowStart) / MINUTE) - 1
    if (last >= first) {
      diff[first]! += 1
      diff[last + 1]! -= 1
      seenMinute = last
    }
  }
}

export function forumAnalytics(intervals: AnalyticsInterval[], window: { start: number; end: number }): ForumAnalytics {
  const minutes = Math.max(0, Math.ceil((window.end - window.start) / MINUTE))
  const diff = new Array<number>(minutes + 1).fill(0)
  const lastMinuteCount = new Array<number>(minutes + 1).fill(0)
  const bySource: Record<AttendanceSource, Set<string>> = { LIVE: new Set(), VENUE: new Set(), REPLAY: new Set() }
  const perPerson = new Map<string, { start: number; end: number }[]>()
  for (const i of intervals) {
    if (Math.min(i.end, window.end) <= Math.max(i.start, window.start)) continue
    bySource[i.source].add(i.registrationId)
    let list = perPerson.get(i.registrationId)
    if (!list) perPerson.set(i.registrationId, (list = []))
    list.push(i)
  }
  const attended: number[] = []
  for (const list of perPerson.values()) {
    const spans = personSpans(list, window.start, window.end)
    let total = 0
    for (const [a, b] of spans) total += b - a
    countMinutes(diff, spans, window.start)
    attended.push(total / MINUTE)
    const lastEnd = spans[spans.length - 1]![1]
    lastMinuteCount[Math.ceil((lastEnd - window.start) / MINUTE) - 1]! += 1
  }
  const concurrency: number[] = []
  let running = 0
  for (let m = 0; m < minutes; m++) concurrency.push((running += diff[m]!))
  const people = perPerson.size
  const retention: number[] = new Array<number>(minutes).fill(0)
  let stillThere = people
  for (let m = 0; m < minutes; m++) {
    retention[m] = people ? round2(stillThere / people) : 0
    stillThere -= lastMinuteCount[m]!
  }
  // The stream's own audience: the same count over LIVE intervals only.
  const onlineDiff = new Array<number>(minutes + 1).fill(0)
  const onlinePerPerson = new Map<string, { start: number; end: number }[]>()
  for (const i of intervals) {
    if (i.source !== 'LIVE') continue
    const list = onlinePerPerson.get(i.registrationId)
    if (list) list.push(i)
    else onlinePerPerson.set(i.registrationId, [i])
  }
  for (const list of onlinePerPerson.values()) countMinutes(onlineDiff, personSpans(list, window.start, window.end), window.start)
  const concurrencyOnline: number[] = []
  let online = 0
  for (let m = 0; m < minutes; m++) concurrencyOnline.push((online += onlineDiff[m]!))
  let peak = { viewers: 0, minute: 0 }
  concurrency.forEach((viewers, minute) => viewers > peak.viewers && (peak = { viewers, minute }))
  return {
    concurrency,
    concurrencyOnline,
    peak,
    uniqueAttendees: people,
    uniqueBySource: { LIVE: bySource.LIVE.size, VENUE: bySource.VENUE.size, REPLAY: bySource.REPLAY.size },
    averageMinutes: people ? round2(attended.reduce((a, b) => a + b, 0) / people) : 0,
    medianMinutes: round2(median(attended)),
    retention,
  }
}

/** Answered share of presence prompts; null when nobody was prompted. */
export function presenceAnswerRate(prompted: number, answered: number): number | null {
  return prompted > 0 ? round2(Math.min(answered, prompted) / prompted) : null
}

/**
 * The window a forum's attendance is counted in (the ForumWindow of deriveIntervals): from
 * going live to ending, since media time 0 of its replay is the moment it went live. A
 * forum still live counts up to `now`; one that never streamed (a venue-only forum) uses
 * its scheduled times.
 */
export function attendanceWindow(forum: { startsAt: Date; endsAt: Date; liveStartedAt: Date | null; liveEndedAt: Date | null }, now: Date): { start: Date; end: Date } {
  if (!forum.liveStartedAt) return { start: forum.startsAt, end: forum.endsAt }
  const end = forum.liveEndedAt ?? new Date(Math.max(now.getTime(), forum.liveStartedAt.getTime()))
  return { start: forum.liveStartedAt, end }
}

/**
 * Random presence checks: for each hour of [from, to), between `minPerHour` and
 * `maxPerHour` prompts at random minutes, never two within `minGapMs` of each other, so
 * nobody can predict them (a fixed schedule would be gamed). Deterministic for a seed.
 */
export function planPromptTimes(from: number, to: number, options: { minPerHour: number; maxPerHour: number; minGapMs?: number }, random: () => number): number[] {
  const HOUR = 3_600_000
  const gap = options.minGapMs ?? 5 * 60_000
  const times: number[] = []
  for (let start = from; start < to; start += HOUR) {
    const end = Math.min(start + HOUR, to)
    const share = (end - start) / HOUR
    const wanted = Math.round((options.minPerHour + Math.floor(random() * (options.maxPerHour - options.minPerHour + 1))) * share)
    let tries = 0
    const hour: number[] = []
    while (hour.length < wanted && tries++ < 200) {
      const at = start + Math.floor(random() * (end - start))
      if ([...times, ...hour].every((t) => Math.abs(t - at) >= gap)) hour.push(at)
    }
    times.push(...hour.sort((a, b) => a - b))
  }
  return times
}

/**
 * One page of a forum's attendee list, optionally narrowed to those whose name, e-mail or
 * institution contains `query` (case-insensitive). Pages count from 1; a page past the end
 * gives the last one.
 */
export function pageAttendees<A extends { realName: string; email: string; institution: string | null }>(
  attendees: readonly A[],
  options: { query?: string; page?: number; pageSize: number },
): { rows: A[]; matched: number; page: number; pages: number } {
  const q = (options.query ?? '').trim().toLowerCase()
  const matching = q ? attendees.filter((a) => [a.realName, a.email, a.institution ?? ''].some((field) => field.toLowerCase().includes(q))) : [...attendees]
  const pages = Math.max(1, Math.ceil(matching.length / options.pageSize))
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages)
  return { rows: matching.slice((page - 1) * options.pageSize, page * options.pageSize), matched: matching.length, page, pages }
}
