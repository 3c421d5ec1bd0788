import { useEffect, useState } from 'react'

type Status = 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'
/** How often the switcher asks again, plus up to a quarter of it at random so thousands of players spread out. */
const EVERY_MS = 30_000

/**
 * The live status of each forum of the event for the live page's forum switcher: the page's
 * own data first, then GET /api/events/<slug>/forum-status every ~30 s while the page is
 * visible (issue 15: the list no longer keeps its load-time status). `current` overrides the
 * forum being watched, which the player knows sooner.
 */
export function useForumStatuses(slug: string, initial: { id: string; liveStatus: Status }[], current: { id: string; status: Status }): Record<string, Status> {
  const [statuses, setStatuses] = useState<Record<string, Status>>(() => Object.fromEntries(initial.map((f) => [f.id, f.liveStatus])))
  const initialKey = initial.map((f) => `${f.id}:${f.liveStatus}`).join(',')
  // New page data (a revalidation, another forum) is newer than what was polled before it (the key is the content).
  useEffect(() => setStatuses(Object.fromEntries(initial.map((f) => [f.id, f.liveStatus]))), [initialKey])
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const response = await fetch(`/api/events/${encodeURIComponent(slug)}/forum-status`, { credentials: 'same-origin' })
          if (response.ok) {
            const body = (await response.json()) as { forums: { id: string; liveStatus: Status }[] }
            if (!stopped) setStatuses(Object.fromEntries(body.forums.map((f) => [f.id, f.liveStatus])))
          }
        } catch {
          // Offline for a moment: keep what we had.
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), EVERY_MS + Math.random() * (EVERY_MS / 4))
    }
    timer = setTimeout(() => void poll(), EVERY_MS * Math.random())
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [slug])
  return { ...statuses, [current.id]: current.status }
}
