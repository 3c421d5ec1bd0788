import { useEffect, useState } from 'react'
import { z } from 'zod'

type Status = 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'
/** How often the switcher asks again, plus up to a quarter of it at random so thousands of players spread out. */
const EVERY_MS = 30_000
/**
 * How long a pushed status outranks the poll: the answer may be that old (5 s in the server's
 * memory, 5 s in an HTTP cache), so a poll answered soon after a push could bring the old status back.
 */
const PUSH_OUTRANKS_POLL_MS = 12_000

const pollAnswer = z.object({ forums: z.array(z.object({ id: z.string(), liveStatus: z.enum(['OFFLINE', 'LIVE', 'PAUSED', 'ENDED']) })) })

/**
 * The live status of each forum of the event for the live page's forum switcher (issue 15):
 * the page's own data first; then what the interaction socket pushes when any forum of the
 * event goes live, pauses or ends (`pushed`, at once); and, as a slow fallback for a page
 * without a socket (not joined, or reconnecting), GET /api/events/<slug>/forum-status every
 * ~30 s while the page is visible. `current` overrides the forum being watched, which the
 * player knows sooner.
 */
export function useForumStatuses(
  slug: string,
  initial: { id: string; liveStatus: Status }[],
  current: { id: string; status: Status },
  pushed: Record<string, { status: Status; heardAt: number }> = {},
): Record<string, Status> {
  const [polled, setPolled] = useState<{ statuses: Record<string, Status>; at: number }>(() => ({ statuses: Object.fromEntries(initial.map((f) => [f.id, f.liveStatus])), at: 0 }))
  const initialKey = initial.map((f) => `${f.id}:${f.liveStatus}`).join(',')
  // New page data (a revalidation, another forum) is newer than what was polled before it (the key is the content).
  useEffect(() => setPolled({ statuses: Object.fromEntries(initial.map((f) => [f.id, f.liveStatus])), at: Date.now() }), [initialKey])
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const response = await fetch(`/api/events/${encodeURIComponent(slug)}/forum-status`, { credentials: 'same-origin' })
          const body = response.ok ? pollAnswer.safeParse(await response.json()) : null
          if (body?.success && !stopped) setPolled({ statuses: Object.fromEntries(body.data.forums.map((f) => [f.id, f.liveStatus])), at: Date.now() })
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
  const statuses = { ...polled.statuses }
  for (const [id, push] of Object.entries(pushed)) if (!(id in statuses) || polled.at < push.heardAt + PUSH_OUTRANKS_POLL_MS) statuses[id] = push.status
  return { ...statuses, [current.id]: current.status }
}
