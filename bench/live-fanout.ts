// Live fan-out (issue 4): one stage producer (≈1 Mbit/s of video + 32 kbit/s of audio) fanned
// out to N viewers through the real Room code, on real mediasoup workers. Every viewer is an
// SRTP PlainTransport with an audio and a video consumer, sending into a UDP sink that is
// never read (the kernel discards what overflows, so the sink costs this process nothing).
// It prints, per step: worker CPU (share of one core, from getrusage), CPU per viewer, and
// loss = 1 - packets the consumers sent / packets they should have sent. Then it finds, for
// 1 worker and for 2 workers (viewers spread with pipeToRouter), the most viewers before
// loss exceeds 1% or a worker passes 95% of a core, and the scaling efficiency.
// Never asserts; figures go to bench/RESULTS.md by hand.
//
// Usage: npx tsx bench/live-fanout.ts [step] [max] [--srtp=SUITE]   (defaults 100, 1500, AEAD_AES_256_GCM)
import { randomBytes } from 'node:crypto'
import dgram from 'node:dgram'
import os from 'node:os'
import type { AddressInfo } from 'node:net'
import type { types } from 'mediasoup'
import type { Room } from '../media-server/room.ts'

// Before the logger is imported: one line per joining viewer would be the bench's cost.
process.env.LOG_LEVEL ??= 'error'
const { RoomRegistry } = await import('../media-server/rooms.ts')
const { WorkerPool } = await import('../media-server/worker-pool.ts')
const { startRtpSender, VP8_KEYFRAME_PREFIX } = await import('../tests/helpers/rtp.ts')
const step = Number(process.argv[2] ?? 100)
const max = Number(process.argv[3] ?? 1500)
// The SRTP suite of every viewer: by default the one Chromium negotiates with the worker
// over DTLS (tests/e2e/live.test.ts prints it: SRTP_AEAD_AES_256_GCM). --srtp=AES_CM_128_HMAC_SHA1_80
// measures the older suite some clients still pick.
const SRTP_KEY_BYTES = { AEAD_AES_256_GCM: 44, AEAD_AES_128_GCM: 28, AES_CM_128_HMAC_SHA1_80: 30, AES_CM_128_HMAC_SHA1_32: 30 } as const
const SRTP_SUITE = (process.argv.find((a) => a.startsWith('--srtp='))?.slice(7) ?? 'AEAD_AES_256_GCM') as keyof typeof SRTP_KEY_BYTES
if (!(SRTP_SUITE in SRTP_KEY_BYTES)) {
  console.error(`unknown --srtp suite; one of ${Object.keys(SRTP_KEY_BYTES).join(', ')}`)
  process.exit(2)
}
const WINDOW_MS = 5000
const VIDEO_PPS = 103 // 1,200-byte payloads ≈ 1 Mbit/s
const AUDIO_PPS = 50 // 80-byte payloads ≈ 32 kbit/s

type Sample = { viewers: number; cpu: number[]; loss: number; ingressLoss: number; kbpsOut: number; drainMs: number; msPerViewer: number }

async function cpuMs(worker: types.Worker) {
  const u = await worker.getResourceUsage()
  return u.ru_utime + u.ru_stime
}

async function run(workers: number): Promise<Sample[]> {
  const pool = await WorkerPool.start({ workers, logLevel: 'none', rtcMinPort: 30000, rtcMaxPort: 31999, listenIp: '127.0.0.1', restartDelayMs: 500, maxRestartDelayMs: 1000 })
  const sink = dgram.createSocket('udp4')
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r))
  const sinkPort = (sink.address() as AddressInfo).port
  // With two workers a threshold of 1 opens the second router at the second viewer; after
  // that the least-loaded router takes each viewer, so they split evenly over the workers.
  const rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: workers === 1 ? 1e9 : 1 }, () => () => undefined)
  const room: Room = await rooms.getOrCreate('bench-forum', { status: 'LIVE', at: Date.now() })
  await room.join({ peerId: 'stage', userId: 'stage', role: 'moderator', name: 'Stage', rtpCapabilities: room.rtpCapabilities, notify: () => undefined })
  const send = async (kind: 'audio' | 'video') => {
    // A 4 MiB receive buffer, so a worker descheduled for a moment by another process on
    // this small machine does not drop the stage's packets; saturation still shows as CPU.
    const transport = await room.createPlainTransport('stage', { direction: 'send', recvBufferSize: 4 * 1024 * 1024 })
    const ssrc = kind === 'audio' ? 1111 : 2222
    const { producerId } = await room.produce('stage', {
      transportId: transport.id,
      kind,
      source: kind === 'audio' ? 'mic' : 'camera',
      rtpParameters:
        kind === 'audio'
          ? { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] }
          : { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] },
    })
    const sender = await startRtpSender({
      port: transport.tuple.localPort,
      payloadType: kind === 'audio' ? 100 : 101,
      ssrc,
      clockRate: kind === 'audio' ? 48000 : 90000,
      packetsPerSecond: kind === 'audio' ? AUDIO_PPS : VIDEO_PPS,
      payloadBytes: kind === 'audio' ? 80 : 1200,
      payloadPrefix: kind === 'video' ? VP8_KEYFRAME_PREFIX : undefined,
    })
    return { producerId, sender }
  }
  const audio = await send('audio')
  const video = await send('video')

  const consumerIds: { peerId: string; consumerId: string }[] = []
  let viewers = 0
  const samples: Sample[] = []
  const stageWorker = room.stage.worker
  while (viewers < max) {
    // Viewers join 25 at a time (setting up is not what is measured).
    const join = async (peerId: string) => {
      await room.join({ peerId, userId: peerId, role: 'viewer', name: '', rtpCapabilities: room.rtpCapabilities, notify: () => undefined })
      const t = await room.createPlainTransport(peerId, { direction: 'recv', enableSrtp: true, srtpCryptoSuite: SRTP_SUITE })
      await t.connect({ ip: '127.0.0.1', port: sinkPort, srtpParameters: { cryptoSuite: SRTP_SUITE, keyBase64: randomBytes(SRTP_KEY_BYTES[SRTP_SUITE]).toString('base64') } })
      for (const p of [audio, video]) {
        const c = await room.consume(peerId, { transportId: t.id, producerId: p.producerId })
        await room.resumeConsumer(peerId, { consumerId: c.consumerId })
        consumerIds.push({ peerId, consumerId: c.consumerId })
      }
    }
    for (let i = 0; i < step; i += 25) {
      const batch = Array.from({ length: Math.min(25, step - i) }, () => `v${viewers++}`)
      await Promise.all(batch.map(join))
    }
    await new Promise((r) => setTimeout(r, 1000))
    const live = pool.live()
    const senders = [audio.sender, video.sender]
    // Exact counts: the senders pause, the pipeline drains, then every counter is read.
    const read = async () => {
      const stats = await Promise.all(consumerIds.map(({ peerId, consumerId }) => room.peers.get(peerId)!.consumer(consumerId).getStats()))
      let packets = 0
      let bytes = 0
      for (const s of stats) {
        const out = s.find((x) => x.type === 'outbound-rtp')
        packets += out?.packetCount ?? 0
        bytes += out?.byteCount ?? 0
      }
      const ingress = await Promise.all([audio, video].map(async (p) => (await room.peers.get('stage')!.producer(p.producerId).getStats()).reduce((n, x) => n + x.packetCount, 0)))
      return { packets, bytes, sent: audio.sender.sent + video.sender.sent, ingress: ingress[0]! + ingress[1]! }
    }
    // Exact counts: the senders pause and the worker drains its backlog (the counters stop
    // moving) before every counter is read, so a late packet is not taken for a lost one.
    const snapshot = async () => {
      for (const x of senders) x.pause()
      const paused = Date.now()
      let last = await read()
      for (let i = 0; i < 15; i++) {
        await new Promise((r) => setTimeout(r, 200))
        const now = await read()
        if (now.packets === last.packets && now.ingress === last.ingress) return { ...now, drainMs: Date.now() - paused }
        last = now
      }
      return { ...last, drainMs: Date.now() - paused }
    }
    const s0 = await snapshot()
    for (const x of senders) x.resume()
    // Worker CPU is read while media flows only, so the stats requests are not billed to it.
    const cpu0 = await Promise.all(live.map(cpuMs))
    const t0 = Date.now()
    await new Promise((r) => setTimeout(r, WINDOW_MS))
    const cpu1 = await Promise.all(live.map(cpuMs))
    const elapsed = Date.now() - t0
    const s1 = await snapshot()
    for (const x of senders) x.resume()
    const sentDelta = s1.sent - s0.sent
    const loss = Math.max(0, 1 - (s1.packets - s0.packets) / (sentDelta * viewers))
    const cpu = live.map((_, i) => (cpu1[i]! - cpu0[i]!) / elapsed)
    // Packets that never reached the producer (the worker did not read its socket in time:
    // saturation, or another process holding the core) are counted apart.
    const ingressLoss = Math.max(0, 1 - (s1.ingress - s0.ingress) / sentDelta)
    const msPerViewer = (cpu.reduce((a, b) => a + b, 0) * 1000) / viewers
    const sample = { viewers, cpu, loss, ingressLoss, kbpsOut: ((s1.bytes - s0.bytes) * 8) / elapsed, drainMs: s1.drainMs, msPerViewer }
    samples.push(sample)
    const stagePid = stageWorker.pid
    console.log(
      `  ${workers} worker(s) ${String(viewers).padStart(5)} viewers: CPU ${cpu.map((c, i) => `${live[i]!.pid === stagePid ? 'stage ' : 'pipe '}${(c * 100).toFixed(0)}%`).join(' + ')}  ` +
        `${msPerViewer.toFixed(2)} ms CPU/s per viewer  loss ${(loss * 100).toFixed(2)}% (at ingress ${(ingressLoss * 100).toFixed(2)}%)  out ${(sample.kbpsOut / 1000).toFixed(0)} Mbit/s  backlog drained in ${s1.drainMs} ms`,
    )
    // A backlog that takes seconds to drain means the worker no longer keeps up in real time
    // with the CPU it gets (on a busy machine, less than a core): saturated.
    if (loss > 0.01 || cpu.some((c) => c > 0.95) || s1.drainMs > 2500) break
  }
  audio.sender.stop()
  video.sender.stop()
  room.close('shutdown')
  sink.close()
  await pool.close()
  return samples
}

function capacity(samples: Sample[]): { viewers: number; limitedBy: string; msPerViewer: number } {
  const ok = samples.filter((s) => s.loss <= 0.01 && s.cpu.every((c) => c <= 0.95))
  const last = samples[samples.length - 1]
  const limitedBy = !last
    ? 'none'
    : last.loss > 0.01
      ? 'loss > 1%'
      : last.cpu.some((c) => c > 0.95)
        ? 'a worker at 95% of a core'
        : last.drainMs > 2500
          ? `a backlog (${last.drainMs} ms to drain): the worker fell behind with the CPU it got`
          : `the step limit (${max})`
  const ms = samples.map((s) => s.msPerViewer).sort((a, b) => a - b)
  return { viewers: ok.filter((s) => s.drainMs <= 2500).at(-1)?.viewers ?? 0, limitedBy, msPerViewer: ms[Math.floor(ms.length / 2)] ?? 0 }
}

console.log(
  `live fan-out bench: ${os.cpus().length} cores (${os.cpus()[0]?.model}), node ${process.version}, step ${step}, max ${max}, SRTP ${SRTP_SUITE}, worker ${process.env.MEDIASOUP_WORKER_BIN ?? 'installed'}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log('1 worker (every viewer on the stage router):')
const one = capacity(await run(1))
console.log(
  `  → ${one.viewers} viewers on one worker (stopped by ${one.limitedBy}); median ${one.msPerViewer.toFixed(2)} ms of worker CPU per viewer-second → ${Math.floor(1000 / one.msPerViewer)} viewers per fully available core`,
)
console.log('2 workers (half the viewers on a router of the second worker, fed by pipeToRouter):')
const two = capacity(await run(2))
console.log(`  → ${two.viewers} viewers on two workers (stopped by ${two.limitedBy}); median ${two.msPerViewer.toFixed(2)} ms of worker CPU per viewer-second`)
const efficiency = one.viewers > 0 ? two.viewers / (2 * one.viewers) : 0
console.log(`\nviewers per worker core: ${one.viewers}  (mediasoup's guidance: ~500 consumers ≈ 250 audio+video viewers; target ≥ 400)`)
console.log(`scaling 1 → 2 workers: ${two.viewers} / (2 × ${one.viewers}) = ${(efficiency * 100).toFixed(0)}%  (target ≥ 90%)`)
console.log(
  `CPU cost per viewer, 2 workers vs 1 (pipe overhead): ${((two.msPerViewer / one.msPerViewer) * 100).toFixed(0)}%; load average now ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
