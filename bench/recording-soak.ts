// Recording soak (issue 12): one forum broadcast for --minutes (default 20) through the real
// Room code, mediasoup workers and Debian's ffmpeg, with the stage changing along the way
// (a second speaker joins, a screen is shared and stopped, a speaker leaves), one ffmpeg
// killed (SIGKILL) and one stage worker killed (the speakers rejoin a rebuilt room), then the
// end. Afterwards it checks the recording as a player would, with independent tools:
// - every playlist (master and both media playlists) parses with the `hls-parser` package;
// - the wall-clock gap between consecutive segments (EXT-X-PROGRAM-DATE-TIME) stays within
//   2 s everywhere, and is reported separately at marked discontinuities;
// - audio/video drift at the end: ffprobe on the last segments, video vs audio start and end;
// - RTP packets mediasoup sent to ffmpeg and those lost (recording.json).
// Never asserts; figures go to bench/RESULTS.md by hand.
//
// Usage: nice -n 10 npx tsx bench/recording-soak.ts [--minutes=20] [--keep]
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as HLS from 'hls-parser'

process.env.LOG_LEVEL ??= 'warn'
const { CURRENT_RECORDING_FILE, LIVE_MASTER, LIVE_MEDIA_PLAYLIST, RENDITION_NAMES } = await import('../app/domain/hls-layout.ts')
const { parseMediaPlaylist } = await import('../app/domain/hls-playlist.ts')
const { startBroadcaster } = await import('../media-server/broadcast/index.ts')
const { RoomRegistry } = await import('../media-server/rooms.ts')
const { WorkerPool } = await import('../media-server/worker-pool.ts')
const { joinStageWithMedia, probeSegment, readRecordingMeta, wallClockGaps } = await import('../tests/helpers/broadcast-stage.ts')
const { waitFor } = await import('../tests/helpers/rtp.ts')

const minutes = Number(process.argv.find((a) => a.startsWith('--minutes='))?.slice(10) ?? 20)
const keep = process.argv.includes('--keep')
const totalMs = minutes * 60_000
const forumId = 'soak-forum'
const recordingId = 'soak-recording'
const recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'cme-soak-'))
const recordingPath = path.join(recordingsDir, forumId, recordingId)
await mkdir(path.join(recordingsDir, forumId), { recursive: true })
await writeFile(path.join(recordingsDir, forumId, CURRENT_RECORDING_FILE), JSON.stringify({ recordingId, status: 'RECORDING', at: new Date().toISOString() }))

const pool = await WorkerPool.start({ workers: 2, logLevel: 'error', rtcMinPort: 43000, rtcMaxPort: 43499, listenIp: '127.0.0.1', restartDelayMs: 200, maxRestartDelayMs: 2000 })
const rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: 100 }, () => () => undefined)
const broadcaster = startBroadcaster(rooms, { recordingsDir, ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' })
const stops: (() => Promise<void>)[] = []
const log = (what: string) => console.log(`${new Date().toISOString()} ${what}`)
const started = Date.now()
const at = async (fraction: number) => {
  const wait = started + fraction * totalMs - Date.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
}

let room = await rooms.getOrCreate(forumId, { status: 'OFFLINE', at: Date.now() })
const alice = await joinStageWithMedia(room, 'alice', { pattern: 'testsrc2', frequency: 440 })
stops.push(alice.stop)
room.offerStatus('LIVE', Date.now())
log('live: alice (camera + mic)')

await at(0.12)
const bob = await joinStageWithMedia(room, 'bob', { pattern: 'smptebars', frequency: 660 })
stops.push(bob.stop)
log('stage change: bob joins (camera + mic)')

await at(0.25)
const screen = await joinStageWithMedia(room, 'alice', { video: 'screen', audio: false, pattern: 'mandelbrot' })
stops.push(screen.stop)
log('stage change: alice shares her screen')

await at(0.38)
const forum = broadcaster.forum(forumId)!
process.kill(forum.current.run!.pid!, 'SIGKILL')
log('fault: ffmpeg killed')

await at(0.5)
room.closeProducer('alice', { producerId: screen.producerIds[0]! })
await screen.stop()
log('stage change: screen share stopped')

await at(0.62)
process.kill(room.stage.worker.pid!, 'SIGKILL')
await waitFor(() => room.closed, 5000, 'the room to close')
for (const stop of stops.splice(0)) await stop()
await waitFor(() => pool.live().length > 0, 10_000, 'a live worker')
room = await rooms.getOrCreate(forumId, { status: 'LIVE', at: Date.now() })
const alice2 = await joinStageWithMedia(room, 'alice', { pattern: 'testsrc2', frequency: 440 })
stops.push(alice2.stop)
const bob2 = await joinStageWithMedia(room, 'bob', { pattern: 'smptebars', frequency: 660 })
stops.push(bob2.stop)
log('fault: stage worker killed; alice and bob rejoined the rebuilt room')

await at(0.8)
room.leave('bob')
await bob2.stop()
log('stage change: bob leaves')

await at(1)
room.offerStatus('ENDED', Date.now())
await forum.settled()
await waitFor(() => forum.current.run === undefined, 10_000, 'the last run to stop')
await new Promise((r) => setTimeout(r, 1000))
await forum.settled()
log('ended')
for (const stop of stops) await stop()
await broadcaster.close()
await rooms.closeAll()
await pool.close()

// Checks ----------------------------------------------------------------------
const rows: [string, string][] = []
const masterText = await readFile(path.join(recordingPath, LIVE_MASTER), 'utf8')
const master = HLS.parse(masterText)
rows.push(['master.m3u8 parses (hls-parser)', master.isMasterPlaylist ? `yes, ${(master as HLS.types.MasterPlaylist).variants.length} variants` : 'NOT a master playlist'])
for (const name of RENDITION_NAMES) {
  const text = await readFile(path.join(recordingPath, name, LIVE_MEDIA_PLAYLIST), 'utf8')
  const parsed = HLS.parse(text) as HLS.types.MediaPlaylist
  const ours = parseMediaPlaylist(text)
  const gaps = wallClockGaps(ours)
  const plain = gaps.filter((g) => !g.discontinuity).map((g) => Math.abs(g.gap))
  const atCuts = gaps.filter((g) => g.discontinuity).map((g) => g.gap)
  const longest = Math.max(...ours.segments.map((s) => s.duration))
  const media = ours.segments.reduce((sum, s) => sum + s.duration, 0)
  rows.push([`${name}: hls-parser segments / ENDLIST`, `${parsed.segments.length} / ${parsed.endlist}`])
  rows.push([
    `${name}: media seconds / wall-clock seconds`,
    `${media.toFixed(1)} / ${((Date.parse(ours.segments.at(-1)!.programDateTime) - Date.parse(ours.segments[0]!.programDateTime)) / 1000 + ours.segments.at(-1)!.duration).toFixed(1)}`,
  ])
  rows.push([`${name}: longest segment (s)`, longest.toFixed(3)])
  rows.push([`${name}: largest |gap| between segments, not at a discontinuity (s)`, Math.max(0, ...plain).toFixed(3)])
  rows.push([`${name}: discontinuities and their gaps (s)`, `${atCuts.length}: ${atCuts.map((g) => g.toFixed(2)).join(', ')}`])
  rows.push([`${name}: gaps > 2 s outside discontinuities`, String(plain.filter((g) => g > 2).length)])
  const last = ours.segments.slice(-4, -1)
  const drifts: number[] = []
  for (const s of last) {
    const [video, audio] = await probeSegment(recordingPath, name, s.map, s.uri)
    drifts.push(Math.max(Math.abs(video!.first - audio!.first), Math.abs(video!.end - audio!.end)) * 1000)
  }
  rows.push([`${name}: A/V drift in the last full segments (ms)`, drifts.map((d) => d.toFixed(0)).join(', ')])
}
const meta = (await readRecordingMeta(recordingPath))!
rows.push(['runs (reasons)', meta.runs.map((r) => r.reason).join(', ')])
rows.push(['ffmpeg restarts / discontinuities (recording.json)', `${meta.ffmpegRestarts} / ${meta.discontinuities}`])
rows.push(['RTP packets to ffmpeg / lost', `${meta.rtpPacketsReceived} / ${meta.rtpPacketsLost} (${((100 * meta.rtpPacketsLost) / Math.max(1, meta.rtpPacketsReceived)).toFixed(3)}%)`])
rows.push(['failureReason', meta.failureReason ?? '—'])

console.log(`\nRecording soak: ${minutes} min, ${os.cpus().length} cores (load average at the end ${os.loadavg()[0]!.toFixed(2)})\n`)
console.log('| check | result |\n| --- | --- |')
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
if (keep) console.log(`\nrecording kept in ${recordingPath}`)
else await rm(recordingsDir, { recursive: true, force: true })
process.exit(0)
