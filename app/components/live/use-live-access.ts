import { useCallback, useEffect, useState } from 'react'
import type { LiveRole } from '~/domain/live-token.ts'
import type { Delivery, DeliveryPreference } from '~/domain/stream-delivery.ts'
import { announceViewer, type Viewer } from '../viewer-store.ts'

export type PlayerAccess = { role: LiveRole; reason: null } | { role: null; reason: 'anonymous' | 'not_registered' | 'pending' | 'checking' | 'failed' }

type AccessAnswer = { user: Viewer | null; access: PlayerAccess; token: string | null; delivery: Delivery | null; preference: DeliveryPreference }
type State = AccessAnswer & { forumId: string; error: string | null }

const checking = (forumId: string): State => ({ forumId, user: null, access: { role: null, reason: 'checking' }, token: null, delivery: null, preference: 'auto', error: null })

/**
 * The live page is one shared render (issue 16): whether this person may watch, as what, their
 * join token and WebRTC or HLS come from GET /api/live/access once the page has loaded, again
 * for each forum switched to, and again on `refresh` (a new delivery preference). Until the
 * first answer the access reads 'checking'; a failed request reads 'failed' with its message.
 */
export function useLiveAccess(forumId: string) {
  const [state, setState] = useState<State>(() => checking(forumId))
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let cancelled = false
    const load = async () => {
      try {
        const res = await fetch(`/api/live/access?${new URLSearchParams({ forum: forumId })}`, { headers: { accept: 'application/json' }, cache: 'no-store' })
        const body = (await res.json().catch(() => null)) as { ok: boolean; data?: AccessAnswer; error?: { message: string } } | null
        if (cancelled) return
        if (!body?.ok || !body.data) {
          setState({ ...checking(forumId), access: { role: null, reason: 'failed' }, error: body?.error?.message ?? res.statusText })
          return
        }
        announceViewer(body.data.user)
        setState({ ...body.data, forumId, error: null })
      } catch (error) {
        if (!cancelled) setState({ ...checking(forumId), access: { role: null, reason: 'failed' }, error: (error as Error).message })
      }
    }
    void load()
    return () => {
      cancelled = true
    }
  }, [forumId, attempt])
  const refresh = useCallback(() => setAttempt((n) => n + 1), [])
  // Another forum's answer never stands for this one while its own is on the way.
  return { ...(state.forumId === forumId ? state : checking(forumId)), refresh }
}
