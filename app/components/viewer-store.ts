import { useSyncExternalStore } from 'react'

/** The signed-in person as the site's header shows them. */
export type Viewer = { id: string; realName: string; role: string }

type Announced = { known: boolean; viewer: Viewer | null }

const UNKNOWN: Announced = { known: false, viewer: null }
let current: Announced = UNKNOWN
const listeners = new Set<() => void>()

/**
 * A shared page (one render for everyone, such as the live player: issue 16) does not know who
 * is looking at it; the first personal answer it fetches tells the header here.
 */
export function announceViewer(viewer: Viewer | null) {
  if (current.known && current.viewer?.id === viewer?.id && current.viewer?.realName === viewer?.realName) return
  current = { known: true, viewer }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Who was announced (unknown on the server and until a shared page's first personal answer). */
export function useAnnouncedViewer(): Announced {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => UNKNOWN,
  )
}
