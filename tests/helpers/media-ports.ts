/**
 * The ports each test's mediasoup workers listen on, one block of 1,000 per test file, none
 * overlapping, since test files run in parallel (and the browser tests' app beside them).
 *
 * All below Linux's ephemeral range (32768–60999): a port in it can be taken at any moment by
 * an outgoing connection, or by another test's `freePort()`. A fixed port there failed CI once
 * (`live-redis.test.ts`: "could not listen on port 44190 … address already in use"; the
 * broadcaster test's workers were allocating from 44000–44499 at the time).
 *
 * A block holds two nodes (a test that starts two media nodes) of 500 ports: RTC ports for plain
 * and WebRTC transports from the first 400, and each worker's WebRtcServer port from the 400th
 * on (one per worker).
 */
const FILES = [
  'browser-app', // tests/helpers/global-app-setup.ts: the server every browser test uses
  'broadcaster',
  'cluster',
  'live-access',
  'live-chat-history',
  'live-redis',
  'live-room',
  'live-signalling',
  'media-standalone',
  'worker-pool',
] as const

export type MediaPortUser = (typeof FILES)[number]

const FIRST = 10_000
const BLOCK = 1_000
const NODE = 500

export type MediaPorts = { rtcMinPort: number; rtcMaxPort: number; webRtcPort: number }

/** The ports of node `node` (0 or 1) of this test file's media workers. */
export function mediaPorts(user: MediaPortUser, node: 0 | 1 = 0): MediaPorts {
  const base = FIRST + FILES.indexOf(user) * BLOCK + node * NODE
  return { rtcMinPort: base, rtcMaxPort: base + 399, webRtcPort: base + 400 }
}

/** The same, as the environment of a process that starts its own media workers (server.ts, media-server/standalone.ts). */
export function mediaPortsEnv(user: MediaPortUser, node: 0 | 1 = 0): Record<string, string> {
  const { rtcMinPort, rtcMaxPort, webRtcPort } = mediaPorts(user, node)
  return { MEDIASOUP_RTC_MIN_PORT: String(rtcMinPort), MEDIASOUP_RTC_MAX_PORT: String(rtcMaxPort), MEDIASOUP_WEBRTC_PORT: String(webRtcPort) }
}
