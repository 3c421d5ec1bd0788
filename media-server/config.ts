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
  }
}

/** Splits [min, max] into one disjoint port range per worker so workers never compete for a port. */
export function portRangeFor(index: number, count: number, min: number, max: number): { rtcMinPort: number; rtcMaxPort: number } {
  const size = Math.floor((max - min + 1) / count)
  if (size < 1) throw new Error(`RTC port range ${min}-${max} is too small for ${count} workers`)
  const rtcMinPort = min + index * size
  return { rtcMinPort, rtcMaxPort: index === count - 1 ? max : rtcMinPort + size - 1 }
}
