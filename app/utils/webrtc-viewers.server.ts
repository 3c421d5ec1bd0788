import { logger } from './logger.server.ts'

/** Where the node's WebRTC viewer count comes from: the media server in this process, or its /healthz over loopback. */
export type WebRtcViewerSource = () => Promise<number>

/** A count this old is refreshed (in the background: callers get the last one at once). */
export const WEBRTC_COUNT_FRESH_MS = 2000
/** A count older than this is not trusted at all (the media server stopped answering). */
export const WEBRTC_COUNT_STALE_MS = 15_000
const FIRST_COUNT_WAIT_MS = 1000

type State = {
  source?: WebRtcViewerSource
  value: number | null
  at: number
  /** Viewers handed WebRTC since the last count: a burst between two counts must not overshoot the capacity. */
  admitted: number
  refreshing: Promise<void> | null
}

// On globalThis: server.ts sets the source from its own copy of this module, the Remix bundle's loaders read it.
const shared = globalThis as unknown as { __cmeWebRtcViewers?: State }
const state = (): State => (shared.__cmeWebRtcViewers ??= { value: null, at: 0, admitted: 0, refreshing: null })

/** server.ts: how this process learns the media server's WebRTC viewers (undefined: no media server known). */
export function setWebRtcViewerSource(source: WebRtcViewerSource | undefined): void {
  shared.__cmeWebRtcViewers = { source, value: null, at: 0, admitted: 0, refreshing: null }
}

/** A source that reads `webrtcViewers` from a media process's or media host's /healthz. */
export function webRtcViewersFromHealth(mediaUrl: string, timeoutMs = 1000): WebRtcViewerSource {
  const url = new URL('/healthz', mediaUrl)
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await res.json()) as { webrtcViewers?: unknown }
    if (typeof body.webrtcViewers !== 'number' || !Number.isFinite(body.webrtcViewers)) throw new Error('no webrtcViewers in the media health')
    return body.webrtcViewers
  }
}

/**
 * The node's WebRTC viewers, cheaply: one count per WEBRTC_COUNT_FRESH_MS at most, whatever
 * the number of players asking (a stale count is returned at once and refreshed behind it;
 * only the very first caller waits, up to a second), plus the viewers this process sent to
 * WebRTC since that count. Null: unknown (no source, or it has not answered for a while).
 */
export async function currentWebRtcViewers(now = Date.now()): Promise<number | null> {
  const s = state()
  if (!s.source) return null
  if (now - s.at >= WEBRTC_COUNT_FRESH_MS && !s.refreshing) {
    const source = s.source
    s.refreshing = source()
      .then(
        (value) => {
          if (state() !== s) return
          s.value = value
          s.at = Date.now()
          s.admitted = 0
        },
        (error: unknown) => logger.warn({ err: error }, 'WebRTC viewer count unavailable'),
      )
      .finally(() => {
        s.refreshing = null
      })
  }
  if (s.at === 0 && s.refreshing) await Promise.race([s.refreshing, new Promise((r) => setTimeout(r, FIRST_COUNT_WAIT_MS).unref())])
  if (s.at === 0 || now - s.at > WEBRTC_COUNT_STALE_MS) return null
  return (s.value ?? 0) + s.admitted
}

/** A viewer was just sent to WebRTC: count them until the next real count includes them. */
export function noteWebRtcViewerAdmitted(): void {
  state().admitted++
}
