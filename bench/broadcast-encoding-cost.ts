// Broadcast encoding cost (issue 12): CPU-seconds per second of media for one forum's ladder
// (720p30 + 360p30 H.264 + AAC, HLS fMP4; media-server/broadcast/program.ts) when ffmpeg
// takes a live stage from mediasoup (one speaker: VP8 camera + Opus mic over PlainTransports,
// decoded, composed over the canvas and mixed), against ffmpeg encoding the same ladder from
// a synthetic 1280×720 source in the same run (the baseline: encoding alone). Then K forums
// at once (K = 1..max), each its own room, speaker and ffmpeg: whether every forum keeps real
// time (media seconds written / wall seconds ≥ 0.97) and the CPU per forum.
// ffmpeg's CPU is read from /proc/<pid>/stat (utime + stime); media seconds from its playlists.
// The speakers' own ffmpeg senders (320×180 VP8) are not counted. Never asserts.
//
// Usage: nice -n 10 npx tsx bench/broadcast-encoding-cost.ts [seconds=20] [maxForums=4]
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

process.env.LOG_LEVEL ??= 'error'
const { RENDITIONS } = await import('../app/domain/hls-layout.ts')
const { parseMediaPlaylist } = await import('../app/domain/hls-playlist.ts')
const { EncoderRun } = await import('../media-server/broadcast/encoder-run.ts')
const { DEFAULT_ENCODER, ladderOutputs, runPlaylistName } = await import('../media-server/broadcast/program.ts')
const { RoomRegistry } = await import('../media-server/rooms.ts')
const { WorkerPool } = await import('../media-server/worker-pool.ts')
const { joinStageWithMedia } = await import('../tests/helpers/broadcast-stage.ts')

const seconds = Number(process.argv[2] ?? 20)
const maxForums = Number(process.argv[3] ?? 4)
const WARMUP_S = 6
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg'
const root = await mkdtemp(path.join(os.tmpdir(), 'cme-enc-'))
const CLK_TCK = 100

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

async function mediaSeconds(folder: string, run: number): Promise<number> {
  try {
    const p = parseMediaPlaylist(await readFile(path.join(folder, RENDITIONS[0].name, runPlaylistName(run)), 'utf8'))
    return p.segments.reduce((sum, s) => sum + s.duration, 0)
  } catch {
    return 0
  }
}

type Sample = { cpuPerMediaSecond: number; realTime: number; cores: number }

/** Measures pids over `seconds` after a warm-up: CPU per media second, media/wall, cores used. */
async function measure(targets: { pid: number; folder: string; run: number }[]): Promise<Sample[]> {
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000))
  const before = await Promise.all(targets.map(async (t) => ({ cpu: await cpuSeconds(t.pid), media: await mediaSeconds(t.folder, t.run), at: Date.now() })))
  await new Promise((r) => setTimeout(r, seconds * 1000))
  return Promise.all(
    targets.map(async (t, i) => {
      const cpu = (await cpuSeconds(t.pid)) - before[i]!.cpu
      const media = (await mediaSeconds(t.folder, t.run)) - before[i]!.media
      const wall = (Date.now() - before[i]!.at) / 1000
      return { cpuPerMediaSecond: cpu / Math.max(media, 0.001), realTime: media / wall, cores: cpu / wall }
    }),
  )
}

async function prepare(name: string) {
  const folder = path.join(root, name)
  for (const r of RENDITIONS) await mkdir(path.join(folder, r.name), { recursive: true })
  return folder
}

// Baseline: the same ladder from a synthetic picture and tone, at real time.
const baseFolder = await prepare('baseline')
const baseline = spawn(
  ffmpeg,
  [
    '-nostdin',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=30',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-filter_complex',
    `[0:v]format=yuv420p,split=2${RENDITIONS.map((r) => `[${r.name}v]`).join('')};[1:a]aresample=48000,asplit=2${RENDITIONS.map((r) => `[${r.name}a]`).join('')}`,
    ...ladderOutputs(baseFolder, 0),
  ],
  { stdio: 'ignore' },
)
const [base] = await measure([{ pid: baseline.pid!, folder: baseFolder, run: 0 }])
baseline.kill('SIGKILL')

// Live stages: K forums at once.
const pool = await WorkerPool.start({ workers: 2, logLevel: 'error', rtcMinPort: 41000, rtcMaxPort: 41999, listenIp: '127.0.0.1', restartDelayMs: 500, maxRestartDelayMs: 1000 })
const rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: 100 }, () => () => undefined)
const rows: { forums: number; samples: Sample[] }[] = []
for (let k = 1; k <= maxForums; k++) {
  const runs: Awaited<ReturnType<typeof EncoderRun.start>>[] = []
  const senders: (() => Promise<void>)[] = []
  const targets: { pid: number; folder: string; run: number }[] = []
  for (let i = 0; i < k; i++) {
    const room = await rooms.getOrCreate(`forum-${k}-${i}`, { status: 'LIVE', at: Date.now() })
    const speaker = await joinStageWithMedia(room, `speaker-${i}`, { pattern: 'testsrc2', frequency: 440 + 110 * i })
    senders.push(speaker.stop)
    const folder = await prepare(`live-${k}-${i}`)
    const run = await EncoderRun.start({ router: room.stage.router, producers: room.stageProducers(), activeSpeakerPeerId: null, recordingPath: folder, run: 0, ffmpegPath: ffmpeg })
    runs.push(run)
    targets.push({ pid: run.pid!, folder, run: 0 })
  }
  rows.push({ forums: k, samples: await measure(targets) })
  for (const run of runs) await run.stop(1000)
  for (const stop of senders) await stop()
  await rooms.closeAll()
}
await pool.close()
await rm(root, { recursive: true, force: true })

const f = (n: number, d = 3) => n.toFixed(d)
const one = rows[0]!.samples[0]!
console.log(`\nBroadcast encoding cost: preset ${DEFAULT_ENCODER.preset}, ${seconds} s windows after ${WARMUP_S} s warm-up, ${os.cpus().length} cores, load average ${f(os.loadavg()[0]!, 2)}\n`)
console.log('| source | CPU-s per media second | cores used | media s / wall s |\n| --- | --- | --- | --- |')
console.log(`| synthetic 1280×720 source (baseline) | ${f(base!.cpuPerMediaSecond)} | ${f(base!.cores)} | ${f(base!.realTime)} |`)
console.log(`| live stage, 1 speaker (camera + mic) | ${f(one.cpuPerMediaSecond)} | ${f(one.cores)} | ${f(one.realTime)} |`)
console.log(`\nlive / baseline: **${f(one.cpuPerMediaSecond / base!.cpuPerMediaSecond, 2)}×**\n`)
console.log('| forums at once | CPU-s per media second (mean) | slowest media s / wall s | all at real time (≥ 0.97) |\n| --- | --- | --- | --- |')
for (const row of rows) {
  const mean = row.samples.reduce((s, x) => s + x.cpuPerMediaSecond, 0) / row.samples.length
  const slowest = Math.min(...row.samples.map((x) => x.realTime))
  console.log(`| ${row.forums} | ${f(mean)} | ${f(slowest)} | ${slowest >= 0.97 ? 'yes' : 'no'} |`)
}
process.exit(0)
