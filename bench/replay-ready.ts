// Forum ended → replay playable (issue 12, section 4: within 10 s). The real use cases and the
// real finaliser job (2 s period) on a scratch database; the clock starts at the moderator's
// "end" and stops when the Replay row exists and replay-master.m3u8 is on disk. Three cases:
//   - baseline: the broadcaster had closed its playlists (EXT-X-ENDLIST) by the end;
//   - late: the broadcaster closes them 3 s after the end;
//   - silent: the broadcaster never does (crashed): the app waits 6 s, then closes them itself.
// Each with a 3-hour recording's playlists (5,400 segments of 2 s per rendition; the media
// files themselves are not needed to make the VOD playlists, so none are written).
// Usage: npx tsx bench/replay-ready.ts [rounds]   (default 3; DATABASE_URL: a scratch database beside it)
import { mkdtemp, rm, stat, writeFile, mkdir, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { LIVE_MEDIA_PLAYLIST, RENDITION_NAMES, initSegmentName, mediaSegmentName } from '../app/domain/hls-layout.ts'
import { renderMediaPlaylist, type HlsSegment } from '../app/domain/hls-playlist.ts'
import { startRecordingFinaliser } from '../app/jobs/recording-finaliser.server.ts'
import { followLiveStatus } from '../app/services/broadcast/follow-live-status.server.ts'
import { setForumLiveStatus } from '../app/services/live/set-forum-live-status.server.ts'
import { createPrisma } from '../app/utils/db.server.ts'
import { createEvent } from '../tests/helpers/fixtures.ts'
import { scratchDatabase, type Cleanup } from './scratch-database.ts'

const rounds = Number(process.argv[2] ?? 3)
const BUDGET_MS = 10_000
const cleanups: Cleanup[] = []

async function main() {
  const { url, label } = await scratchDatabase('replay', { maxConnections: 20, cleanups })
  const db = createPrisma(url, 4)
  cleanups.push(() => db.$disconnect())
  const recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'cme-bench-replay-'))
  cleanups.push(() => rm(recordingsDir, { recursive: true, force: true }))
  const job = startRecordingFinaliser(db, recordingsDir, 2000)
  cleanups.push(() => job.stop())

  const threeHours = (startedAt: number): HlsSegment[] =>
    Array.from({ length: 5400 }, (_, i) => ({ uri: mediaSegmentName(0, i), duration: 2, programDateTime: new Date(startedAt + i * 2000).toISOString(), map: initSegmentName(0), discontinuity: false }))

  async function once(mode: 'baseline' | 'late' | 'silent'): Promise<number> {
    const event = await createEvent(db)
    const forumId = event.forums[0]!.id
    const started = Date.now() - 3 * 3600_000
    const step = async (action: 'go_live' | 'end') => {
      const { status, changed } = await setForumLiveStatus(db, { forumId, action }, {})
      await followLiveStatus(db, { forumId, status, changed, recordingsDir, broadcast: 'on' })
    }
    await step('go_live')
    const recording = await db.recording.findFirstOrThrow({ where: { forumId } })
    const segments = threeHours(started)
    const write = async (ended: boolean) => {
      for (const r of RENDITION_NAMES) {
        await mkdir(path.join(recordingsDir, recording.dir, r), { recursive: true })
        await writeFile(path.join(recordingsDir, recording.dir, r, LIVE_MEDIA_PLAYLIST), renderMediaPlaylist({ segments, ended, type: 'EVENT' }))
      }
    }
    await write(mode === 'baseline')
    const t0 = performance.now()
    await step('end')
    const late = mode === 'late' ? setTimeout(() => void write(true), 3000) : undefined
    for (;;) {
      const replay = await db.replay.findUnique({ where: { recordingId: recording.id }, select: { id: true } })
      if (replay && (await stat(path.join(recordingsDir, recording.dir, 'replay-master.m3u8')).catch(() => null))) break
      if (performance.now() - t0 > 30_000) throw new Error(`${mode}: no replay after 30 s`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const elapsed = performance.now() - t0
    clearTimeout(late)
    // Sanity: the VOD playlist has every segment.
    const vod = await readFile(path.join(recordingsDir, recording.dir, '720p', 'replay.m3u8'), 'utf8')
    if ((vod.match(/#EXTINF/g) ?? []).length !== 5400 || !vod.includes('#EXT-X-ENDLIST')) throw new Error('incomplete VOD playlist')
    return elapsed
  }

  console.log(`database: ${label}; ${rounds} rounds per case; finaliser period 2 s; ENDLIST wait 6 s; 3-hour recording (2 × 5,400 segments)`)
  const results: Record<string, number[]> = { baseline: [], late: [], silent: [] }
  for (let i = 0; i < rounds; i++) for (const mode of ['baseline', 'late', 'silent'] as const) results[mode]!.push(await once(mode))
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const base = median(results.baseline!)
  for (const [mode, xs] of Object.entries(results)) {
    const m = median(xs)
    const max = Math.max(...xs)
    console.log(`${mode.padEnd(8)} median ${(m / 1000).toFixed(2)} s, max ${(max / 1000).toFixed(2)} s, ${(m / base).toFixed(2)}× baseline, ${max <= BUDGET_MS ? 'within' : 'OVER'} the 10 s budget`)
  }
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(async () => {
    for (const c of cleanups.reverse()) await c()
  })
