/**
 * Where a room's next viewer goes. A room starts with one router (the stage router, which
 * also holds every producer). Viewers fill the routers the room already has, least-loaded
 * first, up to `viewersPerRouter` each. When every router is full and a live worker holds
 * none of the room's routers, the room opens a router there and pipes the stage producers
 * to it (`pipeToRouter`). When every worker already has one, the least-loaded router takes
 * the viewer anyway: a second router on the same worker would add pipes, not CPU.
 * Pure: the room passes loads in and creates what this returns.
 */
export type RouterLoad = { routerId: string; viewers: number }
export type Placement = { kind: 'existing'; routerId: string } | { kind: 'new' }

export function placeViewer(routers: readonly RouterLoad[], viewersPerRouter: number, hasWorkerWithoutRouter: boolean): Placement {
  if (routers.length === 0) return { kind: 'new' }
  const leastLoaded = routers.reduce((best, r) => (r.viewers < best.viewers ? r : best))
  if (leastLoaded.viewers < viewersPerRouter) return { kind: 'existing', routerId: leastLoaded.routerId }
  if (hasWorkerWithoutRouter) return { kind: 'new' }
  return { kind: 'existing', routerId: leastLoaded.routerId }
}
