import os from 'node:os'
import type { types } from 'mediasoup'
import type { Env } from '../app/utils/env.server.ts'

/** Media-server settings derived from the validated environment. */
export type MediaConfig = {
  workers: number
  logLevel: 'debug' | 'warn' | 'error' | 'none'
  rtcMinPort: number
  rtcMaxPort: number
  listenIp: string
  announcedAddress?: string
  /** Delay before a dead worker is replaced; doubles per consecutive death, capped. */
  restartDelayMs: number
  maxRestartDelayMs: number
  /** Worker i's WebRtcServer listens on webRtcPort + i (UDP and TCP). Absent: no WebRtcServer (tests of bare workers). */
  webRtcPort?: number
  /** Viewers on one router before the room opens a router on another worker. */
  viewersPerRouter: number
}

export function mediaConfigFromEnv(env: Env): MediaConfig {
  return {
    workers: env.MEDIASOUP_WORKERS,
    logLevel: env.MEDIASOUP_LOG_LEVEL,
    rtcMinPort: env.MEDIASOUP_RTC_MIN_PORT,
    rtcMaxPort: env.MEDIASOUP_RTC_MAX_PORT,
    listenIp: env.MEDIASOUP_LISTEN_IP,
    announcedAddress: env.MEDIASOUP_ANNOUNCED_ADDRESS,
    restartDelayMs: 500,
    maxRestartDelayMs: 30_000,
    webRtcPort: env.MEDIASOUP_WEBRTC_PORT,
    viewersPerRouter: env.MEDIA_VIEWERS_PER_ROUTER,
  }
}

/**
 * The address browsers are told to send media to. Behind NAT it must be the public
 * address (MEDIASOUP_ANNOUNCED_ADDRESS); listening on a concrete IP announces that IP;
 * listening on every interface without one announces the first external IPv4, so a
 * laptop on a LAN works out of the box.
 */
export function announcedAddressFor(config: Pick<MediaConfig, 'listenIp' | 'announcedAddress'>, interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string | undefined {
  if (config.announcedAddress) return config.announcedAddress
  if (config.listenIp !== '0.0.0.0' && config.listenIp !== '::') return undefined
  const external = Object.values(interfaces)
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)
  return external?.address ?? '127.0.0.1'
}

/** Audio and video codecs every router of every room offers (the same list, so pipes never mismatch). */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 1000 },
  },
]

/** Splits [min, max] into one disjoint port range per worker so workers never compete for a port. */
export function portRangeFor(index: number, count: number, min: number, max: number): { rtcMinPort: number; rtcMaxPort: number } {
  const size = Math.floor((max - min + 1) / count)
  if (size < 1) throw new Error(`RTC port range ${min}-${max} is too small for ${count} workers`)
  const rtcMinPort = min + index * size
  return { rtcMinPort, rtcMaxPort: index === count - 1 ? max : rtcMinPort + size - 1 }
}
