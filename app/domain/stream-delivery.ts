import type { LiveRole } from './live-token.ts'

/** How one person receives the live stage: the SFU (sub-second) or the HLS ladder (a few seconds behind). */
export type Delivery = 'WEBRTC' | 'HLS'
/** A viewer's own wish: `auto` lets the node decide; `stable` asks for HLS (a weak network copes better with it). */
export type DeliveryPreference = 'auto' | 'stable'
export const DELIVERY_PREFERENCES = ['auto', 'stable'] as const

export type DeliveryInput = {
  role: LiveRole
  /** WebRTC viewers the node holds now (a cached count); null when the media server could not be asked. */
  webrtcViewers: number | null
  /** WebRTC viewers the node takes (WEBRTC_VIEWER_CAPACITY, default MEDIASOUP_WORKERS × MEDIA_VIEWERS_PER_ROUTER). */
  capacity: number
  preference: DeliveryPreference
  /** A branch-venue screen: always HLS (it needs no interaction, and it must never take a WebRTC seat). */
  venue: boolean
  /** False when BROADCAST=off: there is no HLS ladder, so everyone gets WebRTC. */
  hlsAvailable: boolean
}

/**
 * Issue 12 §3: speakers and moderators are on the stage, so they always use WebRTC. A viewer
 * gets WebRTC while the node has room for one more (`webrtcViewers < capacity`) and HLS beyond
 * it; a viewer who chose the stable mode, and every venue screen, get HLS. An unknown count
 * (the media server did not answer) keeps WebRTC: the behaviour before HLS existed, and the
 * SFU itself still places the viewer.
 */
export function chooseDelivery(input: DeliveryInput): Delivery {
  if (input.role !== 'viewer' && !input.venue) return 'WEBRTC'
  if (!input.hlsAvailable) return 'WEBRTC'
  if (input.venue || input.preference === 'stable') return 'HLS'
  if (input.webrtcViewers === null) return 'WEBRTC'
  return input.webrtcViewers < input.capacity ? 'WEBRTC' : 'HLS'
}

/** The node's WebRTC viewer capacity: the setting, else workers × viewers per router. */
export function webrtcViewerCapacity(settings: { WEBRTC_VIEWER_CAPACITY?: number | undefined; MEDIASOUP_WORKERS: number; MEDIA_VIEWERS_PER_ROUTER: number }): number {
  return settings.WEBRTC_VIEWER_CAPACITY ?? settings.MEDIASOUP_WORKERS * settings.MEDIA_VIEWERS_PER_ROUTER
}

/** The remembered preference (a cookie or localStorage value); anything else is `auto`. */
export function parseDeliveryPreference(value: string | null | undefined): DeliveryPreference {
  return value === 'stable' ? 'stable' : 'auto'
}

/**
 * How far behind live the picture is, in whole seconds, from the wall-clock time of the frame
 * being shown (EXT-X-PROGRAM-DATE-TIME, as hls.js maps it) and the clock now. Null when no
 * date is known yet; never negative (a client clock a little behind the encoder's).
 */
export function secondsBehindLive(playingDateMs: number | null, nowMs: number): number | null {
  if (playingDateMs === null || !Number.isFinite(playingDateMs)) return null
  return Math.max(0, Math.round((nowMs - playingDateMs) / 1000))
}

/**
 * When to fetch a fresh signed URL: `marginSec` before it expires, but never sooner than half
 * its lifetime from now (a short TTL must not make the player refresh in a tight loop).
 * Returns a delay in ms from `nowMs`.
 */
export function signedUrlRefreshDelay(expiresAtMs: number, nowMs: number, marginSec = 60): number {
  const left = expiresAtMs - nowMs
  if (left <= 0) return 0
  return Math.max(left - marginSec * 1000, left / 2)
}
