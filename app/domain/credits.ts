import type { AttendanceSource, Interval } from './attendance.ts'

/**
 * Continuing-education credit from attendance evidence (issue 7). Pure: the sessions,
 * the attendee's derived intervals and the exam/evaluation/presence facts come in, and
 * a result that names every criterion with its numbers comes out, so any credit can be
 * recomputed from its evidence. No clock, no I/O.
 *
 * Policy choices that the issue leaves open:
 * - Minutes are exact: instants are parsed to milliseconds, all set arithmetic is done on
 *   integer milliseconds, and minutes are `ms / 60000`, so 30 seconds is 0.5 minutes.
 *   `attendedMinutes` and `scheduledMinutes` are reported unrounded; the dashboard formats.
 * - Every instant must be ISO 8601 with a zone designator (`Z` or `±hh:mm`). One without a
 *   zone would be read in the host's local time, and credit must not depend on the host,
 *   so it throws a RangeError, as does an unparsable one, anywhere in the input.
 * - A session or interval whose end is not after its start covers nothing.
 * - Boolean requirements are set only when `true`; `requireExamPassed: false` is the same
 *   as leaving it out. A numeric minimum is set whenever it is a number, including 0.
 * - A missing `examPassed` or `evaluationCompleted` counts as `false`.
 */

/** CN_CME_CLASS_I/II: China's national CME Class I and Class II credit (继续医学教育 Ⅰ类/Ⅱ类学分). */
export type CreditScheme = 'CN_CME_CLASS_I' | 'CN_CME_CLASS_II' | 'AMA_PRA_CAT1' | 'CUSTOM'

export type CreditRule = {
  scheme: CreditScheme
  mode: 'FIXED' | 'PER_HOUR' // FIXED: `credits` when eligible; PER_HOUR: `credits` per 60 attended minutes
  credits: number
  maxCredits?: number // cap, e.g. the AMA "designated maximum"
  rounding: 'NONE' | 'QUARTER_HOUR' // QUARTER_HOUR: attended minutes rounded to the nearest 15 (half up) before PER_HOUR
  sources: AttendanceSource[] // which attendance counts (e.g. LIVE+VENUE for live credit, REPLAY for enduring)
  minAttendedMinutes?: number
  minAttendedRatio?: number // attended / scheduled minutes, 0..1
  requireExamPassed?: boolean
  requireEvaluation?: boolean
  minPresenceAnsweredRatio?: number // answered / prompted presence checks, 0..1 (met when nothing was prompted)
}

export type CreditInput = {
  rule: CreditRule
  sessions: { id: string; forumId: string; start: string; end: string; isBreak?: boolean }[]
  intervals: Interval[]
  examPassed?: boolean
  evaluationCompleted?: boolean
  presence?: { prompted: number; answered: number }
}

/**
 * What each criterion reports:
 * - ATTENDED_MINUTES: raw attended minutes (before any rounding) against `minAttendedMinutes`.
 * - ATTENDED_RATIO: attended / scheduled minutes, 0..1, against `minAttendedRatio`. With
 *   nothing scheduled the ratio is 0, so any positive minimum is unmet.
 * - EXAM / EVALUATION: `examPassed` / `evaluationCompleted` (missing = false) against `true`.
 * - PRESENCE: answered / prompted, clamped to 0..1, against `minPresenceAnsweredRatio`;
 *   1 and met when nothing was prompted.
 */
export type CreditCriterion = {
  name: 'ATTENDED_MINUTES' | 'ATTENDED_RATIO' | 'EXAM' | 'EVALUATION' | 'PRESENCE'
  met: boolean
  actual: number | boolean
  required: number | boolean
}

export type CreditResult = {
  eligible: boolean
  credits: number
  attendedMinutes: number
  scheduledMinutes: number
  criteria: CreditCriterion[] // one entry per criterion the rule sets, in the order above
}

/**
 * Credits for one attendee under one rule.
 *
 * - AMA PRA: simultaneous sessions count only once, so scheduled and attended time are
 *   unions over time; a venue stay plus online viewing, two devices or two parallel
 *   forums never add up to more than the clock.
 * - AMA PRA: claim no more than the participation: a session only counts the attendee's
 *   time in that session's own forum, from the sources the rule accepts, and credit is
 *   proportional to that time (PER_HOUR), capped at the designated maximum (`maxCredits`).
 * - AMA PRA: attended minutes are rounded to the nearest quarter hour (QUARTER_HOUR) before
 *   credit is computed; criteria and the reported minutes use the raw figure.
 * - China CME: Class I/II award fixed credits per project (FIXED) once its criteria are met,
 *   with an online test (`requireExamPassed`) for distance CME.
 *
 * Breaks are left out of both scheduled and attended time. They are not subtracted: time
 * covered by a non-break session in scope still counts while another forum is on a break.
 */
export function computeCredits(input: CreditInput): CreditResult {
  const { rule } = input
  const { attendedMs, scheduledMs } = measureAttendance(input.sessions, input.intervals, rule.sources)
  const attendedMinutes = attendedMs / MS_PER_MINUTE
  const scheduledMinutes = scheduledMs / MS_PER_MINUTE

  const criteria: CreditCriterion[] = []
  if (typeof rule.minAttendedMinutes === 'number') {
    criteria.push({
      name: 'ATTENDED_MINUTES',
      met: attendedMinutes >= rule.minAttendedMinutes,
      actual: attendedMinutes,
      required: rule.minAttendedMinutes,
    })
  }
  if (typeof rule.minAttendedRatio === 'number') {
    // Divide the integer milliseconds once: a division is correctly rounded, so 144 of 180
    // minutes is exactly the double 0.8 and meets a minimum of 0.8.
    const ratio = scheduledMs > 0 ? attendedMs / scheduledMs : 0
    criteria.push({ name: 'ATTENDED_RATIO', met: ratio >= rule.minAttendedRatio, actual: ratio, required: rule.minAttendedRatio })
  }
  if (rule.requireExamPassed === true) {
    const passed = input.examPassed === true
    criteria.push({ name: 'EXAM', met: passed, actual: passed, required: true })
  }
  if (rule.requireEvaluation === true) {
    const completed = input.evaluationCompleted === true
    criteria.push({ name: 'EVALUATION', met: completed, actual: completed, required: true })
  }
  if (typeof rule.minPresenceAnsweredRatio === 'number') {
    const prompted = input.presence?.prompted ?? 0
    const answered = input.presence?.answered ?? 0
    // An acknowledgement counted twice must not lift the ratio above 1.
    const ratio = prompted > 0 ? Math.min(1, Math.max(0, answered) / prompted) : 1
    criteria.push({
      name: 'PRESENCE',
      met: prompted <= 0 || ratio >= rule.minPresenceAnsweredRatio,
      actual: ratio,
      required: rule.minPresenceAnsweredRatio,
    })
  }

  const eligible = criteria.every((c) => c.met)
  return {
    eligible,
    credits: eligible ? creditsFor(rule, attendedMs) : 0,
    attendedMinutes,
    scheduledMinutes,
    criteria,
  }
}

const MS_PER_MINUTE = 60_000
const MS_PER_QUARTER_HOUR = 15 * MS_PER_MINUTE

function creditsFor(rule: CreditRule, attendedMs: number): number {
  let credits = rule.credits
  if (rule.mode === 'PER_HOUR') {
    const minutes = rule.rounding === 'QUARTER_HOUR' ? roundToQuarterHourMinutes(attendedMs) : attendedMs / MS_PER_MINUTE
    credits = (minutes * rule.credits) / 60
  }
  if (typeof rule.maxCredits === 'number') credits = Math.min(credits, rule.maxCredits)
  return roundHalfUp2(credits)
}

/**
 * AMA PRA: nearest quarter hour, half up (7.5 min → 15, 52 → 45, 52.5 → 60). Done on
 * integer milliseconds so a boundary is never missed by a floating-point hair.
 */
function roundToQuarterHourMinutes(ms: number): number {
  return Math.floor((ms + MS_PER_QUARTER_HOUR / 2) / MS_PER_QUARTER_HOUR) * 15
}

/**
 * Two decimals, half up (away from zero), safe against binary representation:
 * 0.125 → 0.13 and 1.005 → 1.01 even though 1.005 * 100 is 100.49999999999999.
 * The nudge is a few units in the last place, far below 0.005 of any credit figure.
 */
function roundHalfUp2(x: number): number {
  const scaled = Math.round(Math.abs(x) * 100 * (1 + 8 * Number.EPSILON))
  if (scaled === 0) return 0
  return (x < 0 ? -scaled : scaled) / 100
}

type Span = { start: number; end: number }

/**
 * Scheduled: the union of all non-break sessions. Attended: per forum, the union of its
 * sessions intersected with the union of its own intervals from the allowed sources,
 * then the union across forums. Intersection distributes over union, so this equals
 * "intersect each session with its forum's intervals, then take the union of the pieces",
 * with one sort per forum instead of one per session.
 */
export function measureAttendance(sessions: CreditInput['sessions'], intervals: Interval[], sources: AttendanceSource[]): { attendedMs: number; scheduledMs: number } {
  const sessionsByForum = new Map<string, Span[]>()
  const scheduled: Span[] = []
  for (const session of sessions) {
    const span = toSpan(session.start, session.end, 'session', session.id)
    if (session.isBreak === true || span.end <= span.start) continue
    scheduled.push(span)
    const list = sessionsByForum.get(session.forumId)
    if (list) list.push(span)
    else sessionsByForum.set(session.forumId, [span])
  }

  const allowed = new Set(sources)
  const attendedByForum = new Map<string, Span[]>()
  for (const interval of intervals) {
    const span = toSpan(interval.start, interval.end, 'interval', `${interval.forumId}/${interval.source}`)
    if (!allowed.has(interval.source) || span.end <= span.start || !sessionsByForum.has(interval.forumId)) continue
    const list = attendedByForum.get(interval.forumId)
    if (list) list.push(span)
    else attendedByForum.set(interval.forumId, [span])
  }

  const pieces: Span[] = []
  for (const [forumId, attended] of attendedByForum) {
    intersectInto(unionSpans(sessionsByForum.get(forumId)!), unionSpans(attended), pieces)
  }
  return { scheduledMs: totalMs(unionSpans(scheduled)), attendedMs: totalMs(unionSpans(pieces)) }
}

// A zone designator at the end: Z, +hh:mm, +hhmm or +hh.
const ZONED = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i

function toMs(iso: string, what: string, id: string): number {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms) || !ZONED.test(iso)) {
    throw new RangeError(`${what} ${id}: "${iso}" is not an ISO 8601 instant with a time zone`)
  }
  return ms
}

function toSpan(start: string, end: string, what: string, id: string): Span {
  return { start: toMs(start, what, id), end: toMs(end, what, id) }
}

/** Sorted, disjoint spans; overlapping or touching spans merge. Leaves the input untouched. */
function unionSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const out: Span[] = []
  for (const span of sorted) {
    const last = out[out.length - 1]
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end
    } else {
      out.push({ start: span.start, end: span.end })
    }
  }
  return out
}

/** Intersection of two sorted, disjoint span lists, appended to `out`. */
function intersectInto(a: Span[], b: Span[], out: Span[]): void {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    const start = Math.max(x.start, y.start)
    const end = Math.min(x.end, y.end)
    if (end > start) out.push({ start, end })
    if (x.end < y.end) i++
    else j++
  }
}

function totalMs(spans: Span[]): number {
  let total = 0
  for (const span of spans) total += span.end - span.start
  return total
}
