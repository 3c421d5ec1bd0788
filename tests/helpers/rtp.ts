import dgram from 'node:dgram'
import type { AddressInfo } from 'node:net'

/**
 * Plain RTP over UDP for tests and the bench, without a WebRTC stack: a sender that
 * writes packets at a steady rate into a mediasoup PlainTransport, and a sink that counts
 * what a consumer's PlainTransport sends back. Payloads are filler: mediasoup forwards
 * RTP without decoding it.
 */
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'
export const AUDIO_LEVEL_EXT_ID = 10

/**
 * A VP8 payload start that mediasoup reads as a key frame (descriptor S=1, partition 0, then
 * the inverse key-frame bit clear): a video consumer forwards nothing until it sees one.
 */
export const VP8_KEYFRAME_PREFIX = Buffer.from([0x10, 0x00])

export function rtpPacket(options: {
  payloadType: number
  sequence: number
  timestamp: number
  ssrc: number
  payloadBytes: number
  marker?: boolean
  audioLevel?: number
  payloadPrefix?: Buffer
}): Buffer {
  const hasExt = options.audioLevel !== undefined
  const ext = hasExt ? Buffer.from([0xbe, 0xde, 0x00, 0x01, (AUDIO_LEVEL_EXT_ID << 4) | 0, 0x80 | options.audioLevel!, 0, 0]) : Buffer.alloc(0)
  const header = Buffer.alloc(12)
  header[0] = 0x80 | (hasExt ? 0x10 : 0)
  header[1] = (options.marker ? 0x80 : 0) | options.payloadType
  header.writeUInt16BE(options.sequence & 0xffff, 2)
  header.writeUInt32BE(options.timestamp >>> 0, 4)
  header.writeUInt32BE(options.ssrc >>> 0, 8)
  const payload = Buffer.alloc(options.payloadBytes, 0x5a)
  options.payloadPrefix?.copy(payload)
  return Buffer.concat([header, ext, payload])
}

/** Sends RTP to host:port: `packetsPerSecond` packets of `payloadBytes`, until stopped. */
export async function startRtpSender(options: {
  port: number
  host?: string
  payloadType: number
  ssrc: number
  clockRate: number
  packetsPerSecond: number
  payloadBytes: number
  audioLevel?: number
  payloadPrefix?: Buffer
}) {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  let sequence = Math.floor(Math.random() * 1000)
  let sent = 0
  const started = Date.now()
  // The schedule restarts after a pause, so resuming never sends a burst.
  let scheduleStart = started
  let sentAtScheduleStart = 0
  let paused = false
  const tickMs = 10
  const timer = setInterval(() => {
    if (paused) return
    // Catch up on the schedule, so the rate holds even when timers fire late.
    const target = sentAtScheduleStart + Math.floor(((Date.now() - scheduleStart) / 1000) * options.packetsPerSecond)
    const due = target - sent
    for (let i = 0; i < due; i++) {
      const timestamp = Math.floor(((Date.now() - started) / 1000) * options.clockRate)
      socket.send(
        rtpPacket({
          payloadType: options.payloadType,
          sequence: sequence++,
          timestamp,
          ssrc: options.ssrc,
          payloadBytes: options.payloadBytes,
          marker: true,
          audioLevel: options.audioLevel,
          payloadPrefix: options.payloadPrefix,
        }),
        options.port,
        options.host ?? '127.0.0.1',
      )
      sent++
    }
  }, tickMs)
  return {
    get sent() {
      return sent
    },
    pause: () => {
      paused = true
    },
    resume: () => {
      paused = false
      scheduleStart = Date.now()
      sentAtScheduleStart = sent
    },
    stop: () => {
      clearInterval(timer)
      socket.close()
    },
  }
}

/** A UDP port that counts RTP packets (RTCP, payload types 64–95 with rtcp-mux, is ignored). */
export async function startRtpSink() {
  const socket = dgram.createSocket('udp4')
  let packets = 0
  let bytes = 0
  socket.on('message', (msg) => {
    const pt = msg[1]! & 0x7f
    if (pt >= 64 && pt <= 95) return
    packets++
    bytes += msg.length
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    port: (socket.address() as AddressInfo).port,
    get packets() {
      return packets
    },
    get bytes() {
      return bytes
    },
    close: () => socket.close(),
  }
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
