import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parseMediaPlaylist } from '../../app/domain/hls-playlist.ts'
import { PlaylistWriter, readCurrentRecording } from './playlist-writer.ts'
import { runPlaylistName } from './program.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cme-writer-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const T0 = Date.parse('2026-12-08T09:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

/** What ffmpeg's hls muxer writes for a run: EXTINF before PROGRAM-DATE-TIME, its own offset. */
async function writeRunPlaylist(recordingPath: string, run: number, startMs: number, durations: number[], ended = false) {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT', `#EXT-X-MAP:URI="init-${String(run).padStart(3, '0')}.mp4"`]
  let t = startMs
  durations.forEach((d, i) => {
    lines.push(`#EXTINF:${d.toFixed(6)},`, `#EXT-X-PROGRAM-DATE-TIME:${iso(t).replace('Z', '+0000')}`, `seg-${String(run).padStart(3, '0')}-${String(i).padStart(6, '0')}.m4s`)
    t += d * 1000
  })
  if (ended) lines.push('#EXT-X-ENDLIST')
  for (const r of ['720p', '360p']) await writeFile(path.join(recordingPath, r, runPlaylistName(run)), `${lines.join('\n')}\n`)
}

const live = async (recordingPath: string, rendition = '720p') => parseMediaPlaylist(await readFile(path.join(recordingPath, rendition, 'index.m3u8'), 'utf8'))

describe('PlaylistWriter', () => {
  test('follows the run on air, then joins runs with a discontinuity and the next run’s map', async () => {
    const writer = await PlaylistWriter.open(dir, 'forum1', 'rec1')
    expect(await readFile(path.join(writer.recordingPath, 'master.m3u8'), 'utf8')).toContain('720p/index.m3u8')
    expect(writer.nextRun()).toBe(0)
    await writer.beginRun(0, 'start', new Date(T0))
    writer.setOnAir(0)
    await writeRunPlaylist(writer.recordingPath, 0, T0, [2, 2])
    await writer.refresh()
    expect((await live(writer.recordingPath)).segments.map((s) => s.uri)).toEqual(['seg-000-000000.m4s', 'seg-000-000001.m4s'])

    // The next run started at T0 + 3.2 s; the old one wrote on until T0 + 6 s.
    await writer.beginRun(1, 'stage_change', new Date(T0 + 3000))
    await writeRunPlaylist(writer.recordingPath, 0, T0, [2, 2, 2], true)
    await writer.commitRun(0, iso(T0 + 3200))
    writer.setOnAir(1)
    await writeRunPlaylist(writer.recordingPath, 1, T0 + 3200, [2])
    await writer.refresh()
    const p = await live(writer.recordingPath, '360p')
    // seg-000-000002 starts at 4 s, more than half a segment after the cut: left out.
    expect(p.segments.map((s) => [s.uri, s.map, s.discontinuity])).toEqual([
      ['seg-000-000000.m4s', 'init-000.mp4', false],
      ['seg-000-000001.m4s', 'init-000.mp4', false],
      ['seg-001-000000.m4s', 'init-001.mp4', true],
    ])
    expect(p.segments[2]!.programDateTime).toBe(iso(T0 + 3200))
    expect(writer.meta.discontinuities).toBe(1)
    expect(await readdir(path.join(writer.recordingPath, '720p'))).not.toContain(runPlaylistName(0))
  })

  test('reopened after a restart, it goes on from the playlist on disk with the next run', async () => {
    const first = await PlaylistWriter.open(dir, 'forum1', 'rec1')
    await first.beginRun(0, 'start', new Date(T0))
    first.setOnAir(0)
    await writeRunPlaylist(first.recordingPath, 0, T0, [2, 2, 1.5])
    await first.commitRun(0)

    const again = await PlaylistWriter.open(dir, 'forum1', 'rec1')
    expect(again.nextRun()).toBe(1)
    expect(again.segmentCount).toBe(3)
    expect(again.meta.runs).toEqual([{ run: 0, startedAt: iso(T0), reason: 'start' }])
    await again.beginRun(1, 'media_server_restart', new Date(T0 + 60_000))
    again.setOnAir(1)
    await writeRunPlaylist(again.recordingPath, 1, T0 + 60_000, [2])
    await again.refresh()
    await again.end()
    const p = await live(again.recordingPath)
    expect(p.ended).toBe(true)
    expect(p.segments.map((s) => s.discontinuity)).toEqual([false, false, false, true])
  })

  test('a run that never went on air leaves no files and no entry', async () => {
    const writer = await PlaylistWriter.open(dir, 'forum1', 'rec1')
    await writer.beginRun(0, 'start', new Date(T0))
    await writer.beginRun(1, 'stage_change', new Date(T0 + 1000))
    await writeRunPlaylist(writer.recordingPath, 1, T0, [2])
    await writeFile(path.join(writer.recordingPath, '720p', 'seg-001-000000.m4s'), 'x')
    await writeFile(path.join(writer.recordingPath, '720p', 'init-001.mp4'), 'x')
    await writer.discardRun(1)
    expect(await readdir(path.join(writer.recordingPath, '720p'))).toEqual([])
    expect(writer.meta.runs.map((r) => r.run)).toEqual([0])
    expect(writer.nextRun()).toBe(1)
  })
})

describe('readCurrentRecording', () => {
  test.each([
    {
      name: 'a recording in progress',
      text: '{"recordingId":"rec1","status":"RECORDING","at":"2026-12-08T09:00:00Z"}',
      expected: { recordingId: 'rec1', status: 'RECORDING', at: '2026-12-08T09:00:00Z' },
    },
    { name: 'an ended recording', text: '{"recordingId":"rec1","status":"ENDED","at":"x"}', expected: { recordingId: 'rec1', status: 'ENDED', at: 'x' } },
    { name: 'an id that could climb out of the folder', text: '{"recordingId":"../etc","status":"RECORDING"}', expected: null },
    { name: 'an unknown status', text: '{"recordingId":"rec1","status":"PAUSED"}', expected: null },
    { name: 'text that is not JSON', text: 'rec1', expected: null },
  ])('$name', async ({ text, expected }) => {
    await mkdir(path.join(dir, 'forum1'), { recursive: true })
    await writeFile(path.join(dir, 'forum1', 'current.json'), text)
    expect(await readCurrentRecording(dir, 'forum1')).toEqual(expected)
  })

  test('no file: no recording', async () => {
    expect(await readCurrentRecording(dir, 'forum1')).toBeNull()
  })
})
