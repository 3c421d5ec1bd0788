/**
 * An event's lifecycle (issue 15): draft → upcoming → live → ended → archived. The stored
 * status says draft, published or archived; between publishing and archiving, the forums'
 * times and live status drive the rest, and staff can override it:
 * - ENDED: the event is over now (it finished early, or staff close it);
 * - OPEN: the event is not over though its dates have passed (an extra day, dates entered
 *   wrongly), so registration stays open.
 * Pure: `now` is a parameter.
 */
export const EVENT_LIFECYCLES = ['draft', 'upcoming', 'live', 'ended', 'archived'] as const
export type EventLifecycle = (typeof EVENT_LIFECYCLES)[number]
export type LifecycleOverride = 'OPEN' | 'ENDED'

export type LifecycleInput = {
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
  startsAt: Date
  endsAt: Date
  lifecycleOverride: LifecycleOverride | null
  /** The forums' live status; a forum on air keeps the event live past its scheduled end. */
  forums: { liveStatus: 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED' }[]
}

export function eventLifecycle(event: LifecycleInput, now: Date): EventLifecycle {
  if (event.status === 'DRAFT') return 'draft'
  if (event.status === 'ARCHIVED') return 'archived'
  if (event.lifecycleOverride === 'ENDED') return 'ended'
  if (event.forums.some((f) => f.liveStatus === 'LIVE' || f.liveStatus === 'PAUSED')) return 'live'
  const t = now.getTime()
  if (t < event.startsAt.getTime()) return 'upcoming'
  if (event.lifecycleOverride === 'OPEN') return 'live'
  // Every forum has been on air and ended: over, even before the scheduled end.
  if (event.forums.length > 0 && event.forums.every((f) => f.liveStatus === 'ENDED')) return 'ended'
  return t < event.endsAt.getTime() ? 'live' : 'ended'
}

/** Registration is open while an event is upcoming or running; never once it has ended or is archived. */
export function registrationOpen(lifecycle: EventLifecycle): boolean {
  return lifecycle === 'upcoming' || lifecycle === 'live'
}

/**
 * The order of the public events list: upcoming and live events first, soonest first (a live
 * event before one that has not started), then past ones, most recent first.
 */
export function compareForEventList(a: { lifecycle: EventLifecycle; startsAt: Date }, b: { lifecycle: EventLifecycle; startsAt: Date }): number {
  const rank = (l: EventLifecycle) => (l === 'live' ? 0 : l === 'upcoming' ? 1 : 2)
  if (rank(a.lifecycle) !== rank(b.lifecycle)) return rank(a.lifecycle) - rank(b.lifecycle)
  const diff = a.startsAt.getTime() - b.startsAt.getTime()
  return rank(a.lifecycle) === 2 ? -diff : diff
}
