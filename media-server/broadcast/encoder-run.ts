import { spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { EventEmitter } from 'node:events'
import { rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { types } from 'mediasoup'
import { logger } from '../../app/utils/logger.server.ts'
import type { MediaSource } from '../../app/schemas/live-signalling.ts'
import { composeProgram, ffmpegArguments, renderSdp, type EncoderSettings, type SdpStream, type StageVideo } from './program.ts'

const log = logger.child({ component: 'broadcast-run' })

export type StageProducer = { producer: types.Producer; peerId: string; source: MediaSource }

export type RunExit = { code: number | null; signal: NodeJS.Signals | null; requested: boolean; diskFull: boolean; stderrTail: string }

/** Two adjacent free UDP ports on loopback (RTP, RTCP) for ffmpeg to listen on. */
async function freePortPair(): Promise<{ rtpPort: number; rtcpPort: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = dgram.createSocket('udp4')
    const b = dgram.createSocket('udp4')
    try {
      await new Promise<void>((resolve, reject) => {
        a.once('error', reject)
        a.bind(0, '127.0.0.1', resolve)
      })
      const rtpPort = (a.address() as AddressInfo).port
      if (rtpPort % 2 !== 0 || rtpPort > 65_000) continue
      await new Promise<void>((resolve, reject) => {
        b.once('error', reject)
        b.bind(rtpPort + 1, '127.0.0.1', resolve)
      })
      return { rtpPort, rtcpPort: rtpPort + 1 }
    } catch {
      // taken: try another pair
    } finally {
      a.close()
      try {
        b.close()
      } catch {
        // never bound
      }
    }
  }
  throw new Error('no free UDP port pair for ffmpeg')
}

/**
 * One life of the encoder (a "run"): a mediasoup PlainTransport and a consumer per stage
 * producer on the stage router (listening on loopback, sending to the ports ffmpeg reads from
 * its SDP file, RTCP on its own port, comedia off), and one ffmpeg process writing the run's
 * init and media segments and its own per-run playlists. Paused producers are left out (a
 * stream that sends nothing would hold the whole filter graph back).
 */
export class EncoderRun extends EventEmitter<{ exit: [RunExit] }> {
  private child: ChildProcess | undefined
  private readonly transports: types.PlainTransport[] = []
  private readonly consumers: types.Consumer[] = []
  private stopRequested = false
  private stderrTail = ''
  /** Packets ffmpeg's RTP demuxer reported missing ("RTP: missed N packets") or too late to use. */
  missedPackets = 0
  /** The figures of the last rtpCounters() call (what is left once the consumers are gone). */
  lastCounters = { sent: 0, lost: 0 }
  exited: RunExit | undefined
  private keyFrameTimers: NodeJS.Timeout[] = []

  private constructor(
    readonly run: number,
    readonly startedAt: Date,
    private readonly sdpPath: string,
  ) {
    super()
  }

  static async start(input: {
    router: types.Router
    producers: readonly StageProducer[]
    activeSpeakerPeerId: string | null
    recordingPath: string
    run: number
    ffmpegPath: string
    encoder?: EncoderSettings
    now?: () => Date
  }): Promise<EncoderRun> {
    const sdpPath = path.join(input.recordingPath, `run-${String(input.run).padStart(3, '0')}.sdp`)
    const self = new EncoderRun(input.run, (input.now ?? (() => new Date()))(), sdpPath)
    try {
      await self.open(input)
    } catch (error) {
      self.closeMedia()
      throw error
    }
    return self
  }

  private async open(input: Parameters<typeof EncoderRun.start>[0]) {
    const live = input.producers.filter((p) => !p.producer.closed && !p.producer.paused)
    const videos = live.filter((p) => p.producer.kind === 'video')
    const audios = live.filter((p) => p.producer.kind === 'audio')
    const stageVideos: StageVideo[] = videos.map((v) => ({ producerId: v.producer.id, peerId: v.peerId, source: v.source === 'screen' ? 'screen' : 'camera' }))
    const placements = composeProgram(stageVideos, input.activeSpeakerPeerId)
    const placed = new Set(placements.map((p) => p.producerId))
    const used = [...videos.filter((v) => placed.has(v.producer.id)), ...audios]
    const streams: SdpStream[] = []
    for (const entry of used) {
      const ports = await freePortPair()
      const transport = await input.router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: false,
        comedia: false,
        appData: { broadcast: true },
      })
      this.transports.push(transport)
      await transport.connect({ ip: '127.0.0.1', port: ports.rtpPort, rtcpPort: ports.rtcpPort })
      const consumer = await transport.consume({ producerId: entry.producer.id, rtpCapabilities: input.router.rtpCapabilities, paused: true })
      this.consumers.push(consumer)
      const codec = consumer.rtpParameters.codecs[0]!
      streams.push({
        kind: consumer.kind,
        payloadType: codec.payloadType,
        mimeType: codec.mimeType,
        clockRate: codec.clockRate,
        channels: codec.channels,
        parameters: codec.parameters as Record<string, string | number> | undefined,
        ...ports,
      })
    }
    const videoIndex = new Map(used.filter((u) => u.producer.kind === 'video').map((u, i) => [u.producer.id, i]))
    const audioIndexes = audios.map((_, i) => videoIndex.size + i)
    if (streams.length) await writeFile(this.sdpPath, renderSdp(streams))
    const args = ffmpegArguments({ sdpPath: this.sdpPath, recordingPath: input.recordingPath, run: input.run, placements, videoIndex, audioIndexes, encoder: input.encoder })
    const child = spawn(input.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    this.child = child
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/missed (\d+) packets/g)) this.missedPackets += Number(m[1])
      this.missedPackets += chunk.match(/dropping old packet received too late/g)?.length ?? 0
      this.stderrTail = (this.stderrTail + chunk).slice(-4000)
    })
    child.once('error', (err) => {
      log.error({ err, run: this.run }, 'ffmpeg could not start')
      this.stderrTail += String(err)
    })
    child.once('close', (code, signal) => {
      this.closeMedia()
      const diskFull = /No space left on device|ENOSPC/i.test(this.stderrTail)
      this.exited = { code, signal, requested: this.stopRequested, diskFull, stderrTail: this.stderrTail.slice(-1000) }
      this.emit('exit', this.exited)
    })
    log.info({ run: this.run, pid: child.pid, videos: placements.length, audios: audios.length }, 'encoder run started')
    // ffmpeg opens its sockets once it has read the SDP: resume then, and ask for key frames
    // until its decoders have one (a VP8/H.264 decoder can start only at a key frame).
    const resume = setTimeout(() => {
      for (const c of this.consumers) if (!c.closed) void c.resume().catch(() => undefined)
    }, 300)
    this.keyFrameTimers.push(resume)
    for (const delay of [400, 1000, 2000, 3500]) this.keyFrameTimers.push(setTimeout(() => this.requestKeyFrames(), delay))
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  requestKeyFrames() {
    for (const c of this.consumers) if (!c.closed && c.kind === 'video') void c.requestKeyFrame().catch(() => undefined)
  }

  /**
   * RTP packets mediasoup sent to ffmpeg (the consumers' counters), and those ffmpeg lost: its
   * RTP demuxer's own count of missing and late packets. (ffmpeg's receiver reports are not
   * used: their cumulative-lost field is not reliable across its reorder buffer.)
   */
  async rtpCounters(): Promise<{ sent: number; lost: number }> {
    let sent = 0
    for (const c of this.consumers) {
      if (c.closed) continue
      const stats = await c.getStats().catch(() => [])
      for (const s of stats) if (s.type === 'outbound-rtp') sent += s.packetCount
    }
    this.lastCounters = { sent: Math.max(sent, this.lastCounters.sent), lost: this.missedPackets }
    return this.lastCounters
  }

  /** Asks ffmpeg to finish (it writes its last segment and playlist), killing it if it lingers. */
  stop(graceMs = 3000): Promise<RunExit> {
    if (this.exited) return Promise.resolve(this.exited)
    this.stopRequested = true
    const done = new Promise<RunExit>((resolve) => this.once('exit', resolve))
    this.child?.kill('SIGINT')
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs)
    void done.then(() => clearTimeout(timer))
    return done
  }

  private closeMedia() {
    for (const t of this.keyFrameTimers) clearTimeout(t)
    for (const t of this.transports) if (!t.closed) t.close()
    void rm(this.sdpPath, { force: true })
  }
}
