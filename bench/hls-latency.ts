// HLS glass-to-glass latency (issue 12, part C): how far behind the room an HLS viewer is.
//
// What it covers: a clock drawn into the picture → ffmpeg (libx264 superfast + zerolatency, 2 s
// GOP and segments, fMP4 HLS with PROGRAM-DATE-TIME and temp files: the broadcaster's encoder
// settings, media-server/broadcast/program.ts) → the app's signed-URL origin
// (app/utils/hls-origin.server.ts, from disk) → hls.js in Debian's Chromium with the player's
// live settings (liveSyncDurationCount 2, no LL-HLS; app/components/live/hls-client.ts).
// With --stage it covers the stage leg too, as a speaker's camera reaches the broadcaster: the
// clock frames are encoded VP8 in real time (as a browser would send them) and sent as RTP into a
// mediasoup producer on a live forum's stage; the real broadcaster (media-server/broadcast:
// PlainTransport consumers → ffmpeg's RTP input and jitter buffer → composition over the 1280×720
// canvas → the 720p/360p ladder → our playlist writer's live index.m3u8) makes the HLS. Not
// covered either way: the browser's own capture and WebRTC send, and an edge cache (a cache hit
// adds a loopback round trip).
//
// The clock: Node draws each frame itself (gray, 640×360, 25 fps, piped to ffmpeg) with the
// wall-clock milliseconds of the moment it was drawn, as 40 black/white blocks, and their
// complements as a check. The page reads every presented frame (requestVideoFrameCallback →
// canvas → block centres), decodes the time and subtracts it from its own clock (same machine,
// same clock). No OCR.
//
// It prints p50/p95/max of that latency, the ratio of p50 to the 6 s target, the player's own
// estimate (hls.js playingDate, i.e. PROGRAM-DATE-TIME, against the clock: what the player
// shows as "about N s behind live") next to the measured value, and the segmenter's share (a
// segment listed in the playlist, after its first frame was drawn). Never asserts.
//
// Usage: npx tsx bench/hls-latency.ts [seconds] [--sync=N] [--stage]   (default 40 s of measurement after the first frame; N = 2, the player's)
import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import express from 'express'
import { hlsMuxerArguments } from '../media-server/broadcast/program.ts'

process.env.LOG_LEVEL ??= 'error'
const { hlsOrigin } = await import('../app/utils/hls-origin.server.ts')
const { signHlsBase } = await import('../app/domain/hls-url.ts')
const { parseMediaPlaylist } = await import('../app/domain/hls-playlist.ts')
const { launchChromium } = await import('../tests/helpers/chromium.ts')

const seconds = Number(process.argv[2] ?? 40)
// The player's setting (app/components/live/hls-client.ts); --sync=N measures another.
const syncCount = Number(process.argv.find((a) => a.startsWith('--sync='))?.slice(7) ?? 2)
const stageMode = process.argv.includes('--stage')
// --sync-sec=S: hls.js liveSyncDuration in seconds instead of a count of segments.
const syncSec = process.argv.find((a) => a.startsWith('--sync-sec='))?.slice(11)
const WIDTH = 640
const HEIGHT = 360
const FPS = 25
const BLOCK = 32
const BITS = 40 // ms timestamp modulo 2^40 (34 years): two rows of 20 blocks, then their complement in the next two
const TARGET_S = 6
const SECRET = 'bench-secret-bench-secret-bench-secret-0123'
const forumId = 'benchforum'
const recordingId = 'benchrecording'

const root = path.join(os.tmpdir(), `hls-latency-${process.pid}`)
const dir = path.join(root, forumId, recordingId, '720p')
await rm(root, { recursive: true, force: true })
await mkdir(dir, { recursive: true })

/** One gray frame with `ms` drawn as blocks (row-major from the top left): 255 = 1, 0 = 0, the rest mid-gray. */
function drawFrame(ms: number): Buffer {
  const frame = Buffer.alloc(WIDTH * HEIGHT, 128)
  const perRow = WIDTH / BLOCK
  const value = BigInt(ms) & ((1n << BigInt(BITS)) - 1n)
  for (let i = 0; i < BITS * 2; i++) {
    const bit = Number((value >> BigInt(i % BITS)) & 1n)
    const on = i < BITS ? bit : 1 - bit
    const bx = (i % perRow) * BLOCK
    const by = Math.floor(i / perRow) * BLOCK
    for (let y = by; y < by + BLOCK; y++) frame.fill(on ? 255 : 0, y * WIDTH + bx, y * WIDTH + bx + BLOCK)
  }
  return frame
}

/** The clock into ffmpeg with the broadcaster's encoder settings, straight to HLS. */
function directEncoder(): { input: NodeJS.WritableStream; stop: () => Promise<void> } {
  const encoder = spawn(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    [
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-s',
      `${WIDTH}x${HEIGHT}`,
      '-framerate',
      String(FPS),
      '-i',
      'pipe:0',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=48000:cl=stereo',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-preset',
      'superfast',
      '-tune',
      'zerolatency',
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(FPS * 2),
      '-keyint_min',
      String(FPS * 2),
      '-sc_threshold',
      '0',
      '-force_key_frames',
      'expr:gte(t,n_forced*2)',
      '-b:v',
      '800k',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-shortest',
      // The broadcaster's own muxer settings (segments, names, program date-time).
      ...hlsMuxerArguments(dir, 0, 'index.m3u8'),
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  )
  return {
    input: encoder.stdin!,
    stop: async () => {
      encoder.stdin!.end()
      if (encoder.exitCode === null && encoder.signalCode === null) {
        const exited = new Promise((resolve) => encoder.once('close', resolve))
        encoder.kill('SIGTERM')
        await exited
      }
    },
  }
}

/**
 * The clock as a speaker's camera on a live forum's stage (--stage): VP8 in real time as RTP
 * into a mediasoup producer; the real broadcaster makes the HLS into the recording that
 * current.json names, and its playlist writer keeps the live index.m3u8 the viewer plays.
 */
async function stageEncoder(): Promise<{ input: NodeJS.WritableStream; stop: () => Promise<void> }> {
  const { CURRENT_RECORDING_FILE } = await import('../app/domain/hls-layout.ts')
  const { startBroadcaster } = await import('../media-server/broadcast/index.ts')
  const { RoomRegistry } = await import('../media-server/rooms.ts')
  const { WorkerPool } = await import('../media-server/worker-pool.ts')
  const { stageVideoRtpParameters, STAGE_VIDEO_PT } = await import('../tests/helpers/rtp-stage.ts')
  await writeFile(path.join(root, forumId, CURRENT_RECORDING_FILE), JSON.stringify({ recordingId, status: 'RECORDING', at: new Date().toISOString() }))
  const pool = await WorkerPool.start({ workers: 1, logLevel: 'error', rtcMinPort: 44000, rtcMaxPort: 44499, listenIp: '127.0.0.1', restartDelayMs: 500, maxRestartDelayMs: 1000 })
  const rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: 100 }, () => () => undefined)
  const broadcaster = startBroadcaster(rooms, { recordingsDir: root, ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' })
  const room = await rooms.getOrCreate(forumId, { status: 'OFFLINE', at: Date.now() })
  await room.join({ peerId: 'speaker', userId: 'user-speaker', role: 'speaker', name: 'Speaker', rtpCapabilities: room.rtpCapabilities, notify: () => undefined })
  const transport = await room.createPlainTransport('speaker', { direction: 'send', rtcpMux: false })
  const ssrc = 4242
  await room.produce('speaker', { transportId: transport.id, kind: 'video', source: 'camera', rtpParameters: stageVideoRtpParameters(ssrc) })
  // As a browser's camera: VP8 in real time, a key frame every second (ffmpeg ignores PLIs).
  const sender = spawn(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', 'pipe:0'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-g', String(FPS), '-keyint_min', String(FPS), '-error-resilient', '1', '-pix_fmt', 'yuv420p'],
      ...['-f', 'rtp', '-payload_type', String(STAGE_VIDEO_PT), '-ssrc', String(ssrc), `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200`],
    ],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  )
  room.offerStatus('LIVE', Date.now())
  return {
    input: sender.stdin!,
    stop: async () => {
      sender.stdin!.end()
      sender.kill('SIGKILL')
      await broadcaster.close()
      await rooms.closeAll()
      await pool.close()
    },
  }
}

const encoder = stageMode ? await stageEncoder() : directEncoder()

// Frames at 25 fps of wall-clock time, each stamped when drawn; a late timer catches up.
const drawnAt: number[] = []
const started = Date.now()
let frames = 0
const pump = setInterval(() => {
  const due = Math.floor(((Date.now() - started) * FPS) / 1000)
  while (frames <= due) {
    const now = Date.now()
    drawnAt.push(now)
    encoder.input.write(drawFrame(now))
    frames++
  }
}, 10)

// The segmenter's share: when each segment is listed, against when its first frame was drawn.
const listedAfterMs: number[] = []
let listed = 0
const watch = setInterval(() => {
  void readFile(path.join(dir, 'index.m3u8'), 'utf8')
    .then((text) => {
      const segments = parseMediaPlaylist(text).segments
      const now = Date.now()
      for (; listed < segments.length; listed++) {
        if (listed === 0) continue
        if (stageMode) {
          // The run starts after the clock does: its segments' own PROGRAM-DATE-TIME stands in for the first frame.
          listedAfterMs.push(now - Date.parse(segments[listed]!.programDateTime))
          continue
        }
        const firstFrame = Math.round(segments.slice(0, listed).reduce((t, s) => t + s.duration, 0) * FPS)
        if (drawnAt[firstFrame] !== undefined) listedAfterMs.push(now - drawnAt[firstFrame])
      }
    })
    .catch(() => undefined)
}, 50)

const app = express()
app.use(hlsOrigin({ secret: SECRET, recordingsDir: root }))
app.get('/hls.js', (_req, res) => res.sendFile(path.resolve('node_modules/hls.js/dist/hls.min.js')))
app.get('/', (_req, res) => res.type('html').send('<!doctype html><video id="v" muted autoplay playsinline width="640" height="360"></video><script src="/hls.js"></script>'))
const server = http.createServer(app)
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const url = `${base}${signHlsBase(SECRET, { forumId, recordingId }, Math.floor(Date.now() / 1000) + 3600)}720p/index.m3u8`

// Wait for a first segment, as a player would find the forum live.
while (listed < 2) await new Promise((r) => setTimeout(r, 100))

const browser = await launchChromium()
const page = await browser.newPage()
await page.goto(base)
// Plain JavaScript in the page (tsx would add helpers the page does not have to a function passed here).
const reader = `
  const video = document.getElementById('v')
  const hls = new Hls({ lowLatencyMode: false, ${syncSec ? `liveSyncDuration: ${Number(syncSec)}, liveMaxLatencyDuration: ${Number(syncSec) + 6}` : `liveSyncDurationCount: ${syncCount}, liveMaxLatencyDurationCount: ${syncCount + 3}`}, maxLiveSyncPlaybackRate: 1.1 })
  hls.attachMedia(video)
  hls.loadSource(${JSON.stringify(url)})
  window.samples = []
  const width = ${WIDTH}, height = ${HEIGHT}, block = ${BLOCK}, bits = ${BITS}, perRow = width / block
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  function onFrame() {
    ctx.drawImage(video, 0, 0, width, height)
    const px = ctx.getImageData(0, 0, width, block * Math.ceil((bits * 2) / perRow)).data
    function bit(i) {
      const x = (i % perRow) * block + block / 2
      const y = Math.floor(i / perRow) * block + block / 2
      return px[(y * width + x) * 4] > 128 ? 1 : 0
    }
    let value = 0
    let ok = true
    for (let i = 0; i < bits; i++) {
      const b = bit(i)
      if (b === bit(i + bits)) ok = false
      value += b * 2 ** i
    }
    const now = Date.now()
    const behind = ((now % 1099511627776) - value + 1099511627776) % 1099511627776
    if (ok) window.samples.push([behind, hls.playingDate ? now - hls.playingDate.getTime() : -1, hls.latency])
    video.requestVideoFrameCallback(onFrame)
  }
  video.requestVideoFrameCallback(onFrame)
`
await page.evaluate(reader)

// Measure once frames arrive.
const firstDeadline = Date.now() + 30_000
while (((await page.evaluate('window.samples.length')) as number) === 0) {
  if (Date.now() > firstDeadline) throw new Error('no decodable frame in 30 s')
  await new Promise((r) => setTimeout(r, 200))
}
await page.evaluate('window.samples.length = 0')
await new Promise((r) => setTimeout(r, seconds * 1000))
const samples = (await page.evaluate('window.samples')) as [number, number, number][]

clearInterval(pump)
clearInterval(watch)
await browser.close()
server.close()
await encoder.stop()
await rm(root, { recursive: true, force: true })

const q = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
}
const glass = samples.map((s) => s[0] / 1000)
const estimateError = samples.filter((s) => s[1] >= 0).map((s) => (s[1] - s[0]) / 1000)
const fmt = (n: number) => n.toFixed(2)
console.log(
  `HLS glass-to-glass${stageMode ? ' through a live stage (VP8 RTP → mediasoup → the broadcaster)' : ' (clock straight into the encoder)'}, ${syncSec ? `liveSyncDuration ${syncSec} s` : `liveSyncDurationCount ${syncCount}`}, ${samples.length} frames read over ${seconds} s (${(samples.length / seconds).toFixed(1)} fps decoded and read)`,
)
console.log(`  latency p50 ${fmt(q(glass, 0.5))} s, p95 ${fmt(q(glass, 0.95))} s, max ${fmt(Math.max(...glass))} s; target ≤ ${TARGET_S} s → p50/target = ${fmt(q(glass, 0.5) / TARGET_S)}×`)
console.log(`  the player's estimate (PROGRAM-DATE-TIME vs clock) minus the measured latency: p50 ${fmt(q(estimateError, 0.5))} s, p95 |err| ${fmt(q(estimateError.map(Math.abs), 0.95))} s`)
console.log(
  `  hls.js latency (live edge − position) p50 ${fmt(
    q(
      samples.map((s) => s[2]),
      0.5,
    ),
  )} s`,
)
console.log(
  `  segmenter: a segment is listed ${fmt(q(listedAfterMs, 0.5) / 1000)} s (p50) after ${stageMode ? 'its PROGRAM-DATE-TIME' : 'its first frame was drawn'} (${listedAfterMs.length} segments)`,
)
process.exit(0)
