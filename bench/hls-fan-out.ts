// HLS fan-out through the nginx edge (issue 12): simulated viewers against a real Debian nginx
// running docs/nginx/hls-edge.conf on loopback, in front of the real origin handler
// (app/utils/hls-origin.server.ts), while a writer appends 2 s segments to a live recording
// (copies of a synthetic ffmpeg recording, renamed in sequence, playlist rewritten by rename).
//
// Every viewer has its own signed token (its own expiry) and a rendition (70% 720p, 30% 360p);
// on its own 2 s cadence (random phase) it fetches the live media playlist and every segment
// it has not fetched yet, from the live edge on. Requests go through one undici Agent with
// kept-alive connections (reuse), as players on one network would through a few proxies.
//
// Per viewer count it prints: segment fetch success, p50/p99 segment fetch time, origin requests
// per segment per rendition, nginx worker CPU (from /proc) per viewer, and the load generator's
// own CPU (it runs on the same 2 cores as nginx, so its saturation caps what can be shown).
// Ratios are against a small baseline run (200 viewers) measured first in the same run.
// Never asserts; figures go to bench/RESULTS.md by hand.
//
// Usage: npx tsx bench/hls-fan-out.ts [viewers…] [--seconds=20] [--workers=1] [--connections=512]
//        (defaults 2000 10000; the baseline of 200 runs first)
import { fork } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { Agent, request } from 'undici'
import { LIVE_MASTER, LIVE_MEDIA_PLAYLIST, RENDITION_NAMES, initSegmentName, mediaSegmentName } from '../app/domain/hls-layout.ts'
import { parseMediaPlaylist, renderMasterPlaylist, renderMediaPlaylist, type HlsSegment } from '../app/domain/hls-playlist.ts'
import { signHlsBase } from '../app/domain/hls-url.ts'

process.env.LOG_LEVEL ??= 'error'
const { hlsOrigin } = await import('../app/utils/hls-origin.server.ts')
const { cpuSeconds, startNginxEdge } = await import('../tests/helpers/nginx-edge.ts')
const { writeSyntheticRecording } = await import('../tests/helpers/synthetic-hls.ts')

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const counts = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number)
const VIEWER_COUNTS = counts.length > 0 ? counts : [2000, 10000]
const BASELINE = 200
const SECONDS = arg('seconds', 20)
const WORKERS = arg('workers', 1)
const CONNECTIONS = arg('connections', 512)
const SEGMENT_MS = 2000
const SECRET = 'b'.repeat(48)
const FORUM = 'benchForum'

type ToOrigin = { type: 'start'; recordingId: string } | { type: 'stop'; recordingId: string }
type FromOrigin = { type: 'listening'; port: number } | { type: 'started' } | { type: 'stopped'; published: number; segRequests: number; segFiles: number }

/**
 * The origin and the live writer run in a process of their own (this file with --origin-process),
 * so a load generator starved of CPU does not also slow the origin and the segment cadence.
 */
if (process.argv.includes('--origin-process')) {
  const root = process.argv[process.argv.indexOf('--origin-process') + 1]!
  const sourceDir = path.join(root, 'source', FORUM, 'source')
  const sourceSegments = parseMediaPlaylist(await readFile(path.join(sourceDir, '720p', LIVE_MEDIA_PLAYLIST), 'utf8')).segments
  const liveDir = path.join(root, 'live')
  // The real handler, counting what reaches it.
  const reached = new Map<string, number>()
  const app = express()
  app.use((req, _res, next) => {
    const key = req.originalUrl.split('/').slice(5).join('/')
    reached.set(key, (reached.get(key) ?? 0) + 1)
    next()
  })
  app.use(hlsOrigin({ secret: SECRET, recordingsDir: liveDir }))
  const origin = http.createServer(app)
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  const send = (m: FromOrigin) => process.send!(m)
  const writers = new Map<string, ReturnType<typeof startWriter>>()

  /** The live writer: every 2 s the next segment of both renditions, then the playlists (written aside, renamed). */
  function startWriter(recordingId: string) {
    const dir = path.join(liveDir, FORUM, recordingId)
    const segments: HlsSegment[] = []
    let seq = 0
    let stopped = false
    const append = async () => {
      const src = sourceSegments[seq % sourceSegments.length]!
      const uri = mediaSegmentName(0, seq)
      for (const r of RENDITION_NAMES) await copyFile(path.join(sourceDir, r, src.uri), path.join(dir, r, uri))
      segments.push({ uri, duration: src.duration, programDateTime: new Date().toISOString(), map: initSegmentName(0), discontinuity: false })
      const text = renderMediaPlaylist({ segments, ended: false, type: 'EVENT' })
      for (const r of RENDITION_NAMES) {
        await writeFile(path.join(dir, r, `${LIVE_MEDIA_PLAYLIST}.tmp`), text)
        await rename(path.join(dir, r, `${LIVE_MEDIA_PLAYLIST}.tmp`), path.join(dir, r, LIVE_MEDIA_PLAYLIST))
      }
      seq++
    }
    return {
      async start() {
        for (const r of RENDITION_NAMES) {
          await mkdir(path.join(dir, r), { recursive: true })
          await copyFile(path.join(sourceDir, r, initSegmentName(0)), path.join(dir, r, initSegmentName(0)))
        }
        await writeFile(path.join(dir, LIVE_MASTER), renderMasterPlaylist(LIVE_MEDIA_PLAYLIST))
        for (let i = 0; i < 3; i++) await append()
        // One append after another on the 2 s grid (never two at once, even when late).
        void (async () => {
          let due = Date.now() + SEGMENT_MS
          while (!stopped) {
            await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
            if (stopped) break
            await append()
            due += SEGMENT_MS
          }
        })()
      },
      stop: () => void (stopped = true),
      published: () => seq,
    }
  }

  process.on('message', (m: ToOrigin) => {
    void (async () => {
      if (m.type === 'start') {
        const writer = startWriter(m.recordingId)
        writers.set(m.recordingId, writer)
        await writer.start()
        send({ type: 'started' })
      } else {
        const writer = writers.get(m.recordingId)!
        writer.stop()
        let segRequests = 0
        let segFiles = 0
        for (const [key, n] of reached) {
          if (!key.startsWith(`${FORUM}/${m.recordingId}/`) || !key.endsWith('.m4s')) continue
          segRequests += n
          segFiles++
        }
        send({ type: 'stopped', published: writer.published(), segRequests, segFiles })
      }
    })()
  })
  process.on('disconnect', () => process.exit(0))
  send({ type: 'listening', port: (origin.address() as AddressInfo).port })
  await new Promise(() => undefined)
}

// Source material: one real recording, whose segments the writer copies in a loop.
const root = await mkdtemp(path.join(os.tmpdir(), 'hls-fan-out-'))
const source = await writeSyntheticRecording({ recordingsDir: path.join(root, 'source'), forumId: FORUM, recordingId: 'source', runSeconds: [10] })
const segmentBytes: Record<string, number> = {}
for (const r of RENDITION_NAMES) segmentBytes[r] = (await stat(path.join(source.dir, r, source.segments[0]!.uri))).size

const originProcess = fork(fileURLToPath(import.meta.url), ['--origin-process', root], { stdio: 'inherit' })
const next = <T extends FromOrigin['type']>(type: T) =>
  new Promise<Extract<FromOrigin, { type: T }>>((resolve) => {
    const on = (m: FromOrigin) => {
      if (m.type !== type) return
      originProcess.off('message', on)
      resolve(m as Extract<FromOrigin, { type: T }>)
    }
    originProcess.on('message', on)
  })
const originPort = (await next('listening')).port
const edge = await startNginxEdge({ origin: `127.0.0.1:${originPort}`, secret: SECRET, workers: WORKERS })
// Never leave nginx or the origin behind, whatever ends this process.
process.on('exit', () => {
  edge.master.kill('SIGKILL')
  originProcess.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1))
const writerOf = (recordingId: string) => ({
  async start() {
    const started = next('started')
    originProcess.send({ type: 'start', recordingId } satisfies ToOrigin)
    await started
  },
  async stop() {
    const stopped = next('stopped')
    originProcess.send({ type: 'stop', recordingId } satisfies ToOrigin)
    return stopped
  },
})

type Result = {
  viewers: number
  attempted: number
  ok: number
  late: number
  playlistsOk: number
  playlistsAttempted: number
  p50: number
  p99: number
  originPerSegment: number
  segmentsPublished: number
  nginxCpuS: number
  genCpuS: number
  originCpuS: number
  seconds: number
  requests: number
  bytes: number
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!)

async function run(viewers: number, label: string): Promise<Result> {
  const recordingId = `rec${label}`
  const writer = writerOf(recordingId)
  await writer.start()
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } })
  const times: number[] = []
  let attempted = 0
  let ok = 0
  let playlistsAttempted = 0
  let playlistsOk = 0
  let late = 0
  let bytes = 0
  let stopping = false
  /** Only what starts inside the measured window is counted (a fetch in flight at its start is not). */
  let measuring = false
  const expiresBase = Math.floor(Date.now() / 1000) + 3600

  async function fetchBytes(url: string): Promise<number> {
    const res = await request(url, { dispatcher: agent, headersTimeout: 30_000, bodyTimeout: 30_000 })
    let n = 0
    for await (const chunk of res.body) n += (chunk as Buffer).length
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`)
    return n
  }

  async function viewer(i: number) {
    const rendition = i % 10 < 7 ? '720p' : '360p'
    const base = `${edge.url}${signHlsBase(SECRET, { forumId: FORUM, recordingId }, expiresBase + i)}${rendition}/`
    let last = -1
    await new Promise((r) => setTimeout(r, Math.random() * SEGMENT_MS))
    let due = Date.now()
    while (!stopping) {
      const counted = measuring
      if (counted) playlistsAttempted++
      let uris: string[] = []
      try {
        const res = await request(`${base}${LIVE_MEDIA_PLAYLIST}`, { dispatcher: agent, headersTimeout: 30_000, bodyTimeout: 30_000 })
        const text = await res.body.text()
        if (res.statusCode === 200) {
          if (counted) {
            playlistsOk++
            bytes += Buffer.byteLength(text)
          }
          uris = text.split('\n').filter((line) => line.startsWith('seg-'))
        }
      } catch {
        // counted as not ok
      }
      // Join at the live edge: the newest segment first, then every new one.
      const fresh = last < 0 ? uris.slice(-1) : uris.filter((u) => Number(u.slice(8, 14)) > last)
      for (const uri of fresh) {
        if (stopping) break
        const counted = measuring
        if (counted) attempted++
        const t0 = performance.now()
        try {
          const n = await fetchBytes(`${base}${uri}`)
          const ms = performance.now() - t0
          if (counted) {
            ok++
            bytes += n
            times.push(ms)
            // Slower than the segment lasts: a player would have drained its buffer by that much.
            if (ms > SEGMENT_MS) late++
          }
        } catch {
          // counted as not ok
        }
        last = Math.max(last, Number(uri.slice(8, 14)))
      }
      due += SEGMENT_MS
      const wait = due - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      else due = Date.now()
    }
  }

  const log = (what: string) => console.error(`    [${new Date().toISOString().slice(11, 19)}] ${viewers} viewers: ${what}`)
  // Ramp: every viewer starts within its first cadence; measure after it.
  log('ramp')
  const running = Array.from({ length: viewers }, (_, i) => viewer(i))
  await new Promise((r) => setTimeout(r, SEGMENT_MS + 500))
  measuring = true
  log('measuring')
  const pids = await edge.workerPids()
  const cpu0 = (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0)
  const gen0 = process.cpuUsage()
  const origin0 = await cpuSeconds(originProcess.pid!)
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  measuring = false
  stopping = true
  const seconds = (performance.now() - t0) / 1000
  const cpu1 = (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0)
  const gen = process.cpuUsage(gen0)
  const originCpuS = (await cpuSeconds(originProcess.pid!)) - origin0
  log('stopping')
  // Viewers finish the fetch they are in; whatever is still in flight after 10 s is cut off.
  await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 10_000))])
  await agent.destroy()
  log('stopped')
  // Origin requests per media segment per rendition, over every segment of this run.
  const { published: segmentsPublished, segRequests, segFiles } = await writer.stop()
  times.sort((a, b) => a - b)
  return {
    viewers,
    attempted,
    ok,
    late,
    requests: attempted + playlistsAttempted,
    bytes,
    playlistsOk,
    playlistsAttempted,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    originPerSegment: segFiles === 0 ? NaN : segRequests / segFiles,
    segmentsPublished,
    nginxCpuS: cpu1 - cpu0,
    genCpuS: (gen.user + gen.system) / 1e6,
    originCpuS,
    seconds,
  }
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)}%`)
/** nginx worker CPU per request served (µs) and per GB served (CPU-seconds). */
const usPerRequest = (r: Result) => (r.nginxCpuS * 1e6) / r.requests
const sPerGB = (r: Result) => r.nginxCpuS / (r.bytes / 1e9)

console.log(
  `segments: ${Object.entries(segmentBytes)
    .map(([r, b]) => `${r} ${(b / 1024).toFixed(0)} KiB`)
    .join(
      ', ',
    )} (synthetic, ${source.segments[0]!.duration.toFixed(2)} s); nginx workers ${WORKERS}; undici connections ${CONNECTIONS}; ${SECONDS} s per run; ${os.availableParallelism()} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
const results: Result[] = []
for (const [i, viewers] of [BASELINE, ...VIEWER_COUNTS].entries()) {
  const r = await run(viewers, String(i))
  results.push(r)
  console.log(
    `  ${viewers} viewers: ${r.ok}/${r.attempted} segments, p99 ${r.p99.toFixed(0)} ms, origin/segment ${r.originPerSegment.toFixed(2)}, nginx ${(r.nginxCpuS / r.seconds).toFixed(2)} cores, generator ${(r.genCpuS / r.seconds).toFixed(2)} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  )
}
const base = results[0]!
console.log(
  '\n| viewers | segment fetches ok | slower than 2 s | playlists ok | p50 / p99 segment fetch | ×baseline p99 | origin req / segment / rendition | requests/s served | Mbit/s served | nginx CPU (cores) | nginx µs / request | ×baseline | nginx CPU-s / GB | origin CPU (cores) | generator CPU (cores) |',
)
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  console.log(
    `| ${r.viewers.toLocaleString('en')}${r === base ? ' (baseline)' : ''} | ${pct(r.ok, r.attempted)} (${r.ok.toLocaleString('en')}/${r.attempted.toLocaleString('en')}) | ${pct(r.late, r.ok)} | ${pct(r.playlistsOk, r.playlistsAttempted)} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms | ${(r.p99 / base.p99).toFixed(1)} | ${r.originPerSegment.toFixed(2)} | ${(r.requests / r.seconds).toFixed(0)} | ${((r.bytes * 8) / r.seconds / 1e6).toFixed(0)} | ${(r.nginxCpuS / r.seconds).toFixed(2)} | ${usPerRequest(r).toFixed(1)} | ${(usPerRequest(r) / usPerRequest(base)).toFixed(2)} | ${sPerGB(r).toFixed(3)} | ${(r.originCpuS / r.seconds).toFixed(3)} | ${(r.genCpuS / r.seconds).toFixed(2)} |`,
  )
}
await edge.stop()
originProcess.disconnect()
await rm(root, { recursive: true, force: true })
process.exit(0)
