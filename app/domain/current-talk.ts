/**
 * The moderator console's "now and next" from a forum's agenda. Pure: the sessions and the
 * instant are parameters; the console ticks the clock. Instants are absolute, so the time
 * left does not depend on a time zone; only the start times shown beside it do (the page
 * formats them in the event's zone).
 */

export type TimedTalk = { startsAt: Date; endsAt: Date; position?: number }

export type NowAndNext<T> = {
  /** The session under way (start ≤ now < end); of overlapping ones, the one that started last. */
  current: T | null
  /** The first session that starts after now. */
  next: T | null
  /** Milliseconds until the current session ends; null without one. */
  remainingMs: number | null
  /** Milliseconds until the next session starts; null without one. */
  startsInMs: number | null
}

function byStart(a: TimedTalk, b: TimedTalk): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || (a.position ?? 0) - (b.position ?? 0)
}

/**
 * Which session is on now and which comes next. Sessions are taken in agenda order (start,
 * then position). A session with an end not after its start is never current. When sessions
 * overlap (a panel inside a block), the latest-started running one is current, since it is the
 * narrower one on stage.
 */
export function pickCurrentTalk<T extends TimedTalk>(sessions: readonly T[], now: Date): NowAndNext<T> {
  const t = now.getTime()
  const ordered = [...sessions].sort(byStart)
  let current: T | null = null
  for (const s of ordered) {
    if (s.startsAt.getTime() <= t && t < s.endsAt.getTime() && s.endsAt.getTime() > s.startsAt.getTime()) current = s
  }
  const next = ordered.find((s) => s.startsAt.getTime() > t) ?? null
  return {
    current,
    next,
    remainingMs: current ? current.endsAt.getTime() - t : null,
    startsInMs: next ? next.startsAt.getTime() - t : null,
  }
}

/**
 * A duration as a clock, "m:ss" under an hour and "h:mm:ss" from an hour on, rounded up to the
 * whole second (a countdown shows 0:01 until the very end, never 0:00 while time is left).
 * Negative durations show as 0:00.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}
