import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CURRENT_RECORDING_FILE, MAX_SEGMENT_SECONDS, type CurrentRecording } from '../../app/domain/hls-layout.ts'
import { startBroadcaster, startBroadcasterFromEnv, type Broadcaster } from '../../media-server/broadcast/index.ts'
import type { Room } from '../../media-server/room.ts'
import { RoomRegistry } from '../../media-server/rooms.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { joinStageWithMedia, probeSegment, readLivePlaylist, readRecordingMeta, wallClockGaps } from '../helpers/broadcast-stage.ts'
import { waitFor } from '../helpers/rtp.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * The broadcaster against a real mediasoup worker and Debian's ffmpeg, with no browser: stage
 * peers send VP8 + Opus from ffmpeg test sources into PlainTransport producers, and the
 * broadcaster records the forum's program into the HLS layout. One forum goes through a whole
 * life in order (start, a stage change, ffmpeg killed, the worker killed, the end), because
 * each step builds on the recording the previous one left.
 */
let pool: WorkerPool
let rooms: RoomRegistry
let broadcaster: Broadcaster
let recordingsDir: string
const stops: (() => Promise<void>)[] = []
const forumId = `bcast-${process.pid}`
const recordingId = 'rec1'

beforeAll(async () => {
  recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'cme-broadcast-'))
  pool = await WorkerPool.start({ workers: 2, logLevel: 'error', ...mediaPorts('broadcaster'), listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000 })
  rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: 100 }, () => () => undefined)
  broadcaster = startBroadcaster(rooms, { recordingsDir, ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg' })
})

afterAll(async () => {
  await broadcaster?.close()
  for (const stop of stops) await stop()
  await rooms?.closeAll()
  await pool?.close()
  await rm(recordingsDir, { recursive: true, force: true })
})

const recordingPath = () => path.join(recordingsDir, forumId, recordingId)
const playlist720 = () => readLivePlaylist(recordingPath(), '720p')

async function writeCurrent(status: CurrentRecording['status']) {
  await mkdir(path.join(recordingsDir, forumId), { recursive: true })
  await writeFile(path.join(recordingsDir, forumId, CURRENT_RECORDING_FILE), JSON.stringify({ recordingId, status, at: new Date().toISOString() }))
}

async function waitForPlaylist(what: string, predicate: (p: NonNullable<Awaited<ReturnType<typeof playlist720>>>) => boolean, timeoutMs = 25_000) {
  let ok = false
  const deadline = Date.now() + timeoutMs
  while (!ok) {
    const p = await playlist720()
    ok = !!p && predicate(p)
    if (ok) return p!
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(p?.segments.map((s) => [s.uri, s.discontinuity]))}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('unreachable')
}

const discontinuities = (p: { segments: { discontinuity: boolean }[] }) => p.segments.filter((s) => s.discontinuity).length
const segmentsAfterLastDiscontinuity = (p: { segments: { discontinuity: boolean }[] }) => p.segments.length - p.segments.findLastIndex((s) => s.discontinuity)

async function openLiveRoom(): Promise<Room> {
  return rooms.getOrCreate(forumId, { status: 'LIVE', at: Date.now() })
}

test('records a live forum into one playlist across a stage change, an ffmpeg crash, a worker death and the end', async () => {
  await writeCurrent('RECORDING')
  // The stage gets ready while the forum is offline, then the moderator goes live.
  let room = await rooms.getOrCreate(forumId, { status: 'OFFLINE', at: Date.now() })
  const first = await joinStageWithMedia(room, 'alice', { pattern: 'testsrc2', frequency: 440 })
  stops.push(first.stop)
  await new Promise((r) => setTimeout(r, 500))
  expect(broadcaster.forum(forumId)!.current.run).toBeUndefined()
  room.offerStatus('LIVE', Date.now())

  // 1. On air: H.264 720p/360p + AAC segments of at most 2 s, each with its wall-clock time.
  let p = await waitForPlaylist('the first segments', (x) => x.segments.length >= 2)
  expect(p.type).toBe('EVENT')
  expect(p.ended).toBe(false)
  for (const s of p.segments) {
    expect(s.duration).toBeLessThanOrEqual(MAX_SEGMENT_SECONDS + 0.05)
    expect(Number.isNaN(Date.parse(s.programDateTime))).toBe(false)
  }
  for (const [rendition, width, height] of [
    ['720p', 1280, 720],
    ['360p', 640, 360],
  ] as const) {
    const seg = (await readLivePlaylist(recordingPath(), rendition))!.segments[1]!
    const streams = await probeSegment(recordingPath(), rendition, seg.map, seg.uri)
    expect(streams.map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', 'h264'],
      ['audio', 'aac'],
    ])
    expect(streams[0]).toMatchObject({ width, height })
    expect(streams[1]!.sample_rate).toBe('48000')
    expect(streams[0]!.packets).toBeGreaterThan(20)
  }

  // 2. A second speaker joins: the program is recomposed with exactly one discontinuity, and
  //    the wall-clock gap across it is at most 2 s.
  const second = await joinStageWithMedia(room, 'bob', { pattern: 'smptebars', frequency: 660 })
  stops.push(second.stop)
  p = await waitForPlaylist('the recomposed run', (x) => discontinuities(x) === 1 && segmentsAfterLastDiscontinuity(x) >= 2)
  const cut = wallClockGaps(p).find((g) => g.discontinuity)!
  expect(Math.abs(cut.gap)).toBeLessThanOrEqual(2)
  let meta = (await readRecordingMeta(recordingPath()))!
  // On a loaded machine a recomposition whose new run is slow to write is retried (the old run
  // stays on air meanwhile), so count runs relative to what recording.json says.
  const initOf = (run: number) => `init-${String(run).padStart(3, '0')}.mp4`
  expect(p.segments.findLast((s) => s.discontinuity)!.map).toBe(initOf(meta.runs.at(-1)!.run))
  expect(meta.runs[0]!.reason).toBe('start')
  expect(meta.runs.slice(1).map((r) => r.reason)).toEqual(meta.runs.slice(1).map(() => 'stage_change'))
  const runBeforeCrash = meta.runs.at(-1)!.run

  // 3. ffmpeg is killed: it is restarted into the next run of the same playlist.
  const forum = broadcaster.forum(forumId)!
  const pid = forum.current.run!.pid!
  process.kill(pid, 'SIGKILL')
  p = await waitForPlaylist('the run after the ffmpeg crash', (x) => discontinuities(x) === 2 && segmentsAfterLastDiscontinuity(x) >= 1)
  meta = (await readRecordingMeta(recordingPath()))!
  expect(meta.ffmpegRestarts).toBe(1)
  expect(meta.runs.at(-1)).toMatchObject({ run: runBeforeCrash + 1, reason: 'ffmpeg_restart' })

  // 4. The stage's worker dies: the room closes, the speakers rejoin a rebuilt room, and the
  //    broadcaster reattaches to it and goes on with the same playlist.
  process.kill(room.stage.worker.pid!, 'SIGKILL')
  await waitFor(() => room.closed, 5000, 'the room to close')
  await first.stop()
  await second.stop()
  await waitFor(() => pool.live().length > 0, 5000, 'a live worker')
  room = await openLiveRoom()
  expect(room.liveStatus).toBe('LIVE')
  const rejoined = await joinStageWithMedia(room, 'alice', { pattern: 'mandelbrot', frequency: 880 })
  stops.push(rejoined.stop)
  p = await waitForPlaylist('the run after the worker died', (x) => discontinuities(x) >= 3 && segmentsAfterLastDiscontinuity(x) >= 1)
  meta = (await readRecordingMeta(recordingPath()))!
  expect(meta.runs.some((r) => r.reason === 'reattach')).toBe(true)
  expect(meta.rtpPacketsReceived).toBeGreaterThan(0)

  // 5. The forum ends: EXT-X-ENDLIST on both renditions, and every segment named exists once.
  room.offerStatus('ENDED', Date.now())
  await forum.settled()
  await waitForPlaylist('the end list', (x) => x.ended)
  const p360 = (await readLivePlaylist(recordingPath(), '360p'))!
  expect(p360.ended).toBe(true)
  expect(discontinuities(p360)).toBe(discontinuities((await playlist720())!))
  const uris = (await playlist720())!.segments.map((s) => s.uri)
  expect(new Set(uris).size).toBe(uris.length)
}, 150_000)

test('a full disk stops the recording cleanly with failureReason "disk_full", without restart loops', async () => {
  const fake = path.join(recordingsDir, 'ffmpeg-disk-full.sh')
  await writeFile(fake, `#!/bin/sh\necho "[hls @ 0x1] Failed to open file 'seg-000-000003.m4s': No space left on device" >&2\nexit 1\n`, { mode: 0o755 })
  // A registry of its own, so the broadcaster of the other test does not follow this forum.
  const diskRooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter: 100 }, () => () => undefined)
  const full = startBroadcaster(diskRooms, { recordingsDir, ffmpegPath: fake, restartDelayMs: 50 })
  const diskForum = `${forumId}-disk`
  try {
    await mkdir(path.join(recordingsDir, diskForum), { recursive: true })
    await writeFile(path.join(recordingsDir, diskForum, CURRENT_RECORDING_FILE), JSON.stringify({ recordingId: 'rec2', status: 'RECORDING', at: new Date().toISOString() }))
    const room = await diskRooms.getOrCreate(diskForum, { status: 'LIVE', at: Date.now() })
    await room.join({ peerId: 'mod', userId: 'user-mod', role: 'moderator', name: 'Mod', rtpCapabilities: room.rtpCapabilities, notify: () => undefined })
    const diskPath = path.join(recordingsDir, diskForum, 'rec2')
    await waitFor(() => full.forum(diskForum)?.current.writer?.meta.failureReason === 'disk_full', 10_000, 'the disk_full failure')
    await new Promise((r) => setTimeout(r, 500))
    const meta = (await readRecordingMeta(diskPath))!
    expect(meta.failureReason).toBe('disk_full')
    expect(meta.ffmpegRestarts).toBe(0)
    expect(meta.runs).toHaveLength(1)
    expect(full.forum(diskForum)!.current.run).toBeUndefined()
  } finally {
    await full.close()
    await diskRooms.closeAll()
  }
})

test('BROADCAST=off, or an ffmpeg that does not run, means no broadcaster', () => {
  const env = { RECORDINGS_DIR: recordingsDir, EMBEDDED_DB_DIR: recordingsDir }
  expect(startBroadcasterFromEnv(rooms, { ...env, BROADCAST: 'off', FFMPEG_PATH: 'ffmpeg' })).toBeUndefined()
  expect(startBroadcasterFromEnv(rooms, { ...env, BROADCAST: 'on', FFMPEG_PATH: '/nonexistent/ffmpeg' })).toBeUndefined()
  const on = startBroadcasterFromEnv(rooms, { ...env, BROADCAST: 'on', FFMPEG_PATH: process.env.FFMPEG_PATH ?? 'ffmpeg' })
  expect(on).toBeDefined()
  void on!.close()
})
