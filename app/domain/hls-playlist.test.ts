import { describe, expect, test } from 'vitest'
import { parseMediaPlaylist, renderMasterPlaylist, renderMediaPlaylist, segmentOffsets, totalDuration, trimSegments, type HlsSegment } from './hls-playlist.ts'

const seg = (run: number, n: number, at: string, duration = 2, discontinuity = false): HlsSegment => ({
  uri: `seg-00${run}-00000${n}.m4s`,
  duration,
  programDateTime: at,
  map: `init-00${run}.mp4`,
  discontinuity,
})

const twoRuns = [seg(0, 1, '2027-03-01T01:00:00.000Z'), seg(0, 2, '2027-03-01T01:00:02.000Z', 1.5), seg(1, 1, '2027-03-01T01:00:04.000Z', 2, true), seg(1, 2, '2027-03-01T01:00:06.000Z')]

describe('media playlists', () => {
  test('a second encoder run is marked with a discontinuity and its own map; every segment has its wall-clock time', () => {
    const text = renderMediaPlaylist({ segments: twoRuns, ended: false, type: 'EVENT' })
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT')
    expect(text).toContain('#EXT-X-TARGETDURATION:2')
    expect(text.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1)
    expect(text.match(/#EXT-X-MAP/g)).toHaveLength(2)
    expect(text.match(/#EXT-X-PROGRAM-DATE-TIME/g)).toHaveLength(4)
    expect(text).not.toContain('ENDLIST')
    expect(text.indexOf('#EXT-X-DISCONTINUITY')).toBeLessThan(text.indexOf('init-001.mp4'))
  })

  test('reads back what it writes, ended or not', () => {
    for (const ended of [false, true]) {
      const parsed = parseMediaPlaylist(renderMediaPlaylist({ segments: twoRuns, ended, type: ended ? 'VOD' : 'EVENT' }))
      expect(parsed).toMatchObject({ segments: twoRuns, ended, type: ended ? 'VOD' : 'EVENT', targetDuration: 2 })
    }
  })

  test('reads an ffmpeg playlist: times carried forward where a segment has none', () => {
    const ffmpeg = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-MAP:URI="init-000.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2027-03-01T09:00:00.000+0800',
      '#EXTINF:2.000000,',
      'seg-000-000000.m4s',
      '#EXTINF:1.966667,',
      'seg-000-000001.m4s',
      '',
    ].join('\n')
    const { segments } = parseMediaPlaylist(ffmpeg)
    expect(segments.map((s) => s.programDateTime)).toEqual(['2027-03-01T01:00:00.000Z', '2027-03-01T01:00:02.000Z'])
    expect(segments[1]).toMatchObject({ duration: 1.966667, map: 'init-000.mp4' })
  })

  test('a segment longer than 2 s raises the target duration so the playlist stays valid', () => {
    expect(renderMediaPlaylist({ segments: [seg(0, 1, '2027-03-01T01:00:00.000Z', 3.4)], ended: true, type: 'VOD' })).toContain('#EXT-X-TARGETDURATION:3')
  })

  test.each(['', 'hello', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8', '#EXTM3U\nseg.m4s'])('refuses %j', (text) => {
    expect(() => parseMediaPlaylist(text)).toThrow()
  })
})

describe('trimming on segment boundaries', () => {
  test.each([
    { start: 0, end: null, kept: 4 },
    { start: 1, end: null, kept: 4, first: 'seg-000-000001.m4s' },
    { start: 2, end: null, kept: 3, first: 'seg-000-000002.m4s' },
    { start: 3.6, end: null, kept: 2, first: 'seg-001-000001.m4s' },
    { start: 0, end: 3.5, kept: 2, last: 'seg-000-000002.m4s' },
    { start: 0, end: 3.6, kept: 3, last: 'seg-001-000001.m4s' },
    { start: 2.1, end: 3, kept: 1, first: 'seg-000-000002.m4s' },
    { start: 100, end: null, kept: 0 },
  ])('from $start s to $end s keeps $kept segments', ({ start, end, kept, first, last }) => {
    const trimmed = trimSegments(twoRuns, start, end)
    expect(trimmed).toHaveLength(kept)
    if (first) expect(trimmed[0]!.uri).toBe(first)
    if (last) expect(trimmed.at(-1)!.uri).toBe(last)
  })

  test('a trimmed playlist starting at a new run does not open with a discontinuity', () => {
    const trimmed = trimSegments(twoRuns, 3.6, null)
    expect(trimmed[0]!.discontinuity).toBe(false)
    expect(renderMediaPlaylist({ segments: trimmed, ended: true, type: 'VOD' })).not.toContain('#EXT-X-DISCONTINUITY')
  })

  test('offsets and total duration follow the segments', () => {
    expect(segmentOffsets(twoRuns)).toEqual([0, 2, 3.5, 5.5])
    expect(totalDuration(twoRuns)).toBe(7.5)
  })
})

describe('master playlists', () => {
  test('lists both renditions with H.264/AAC codecs and resolutions', () => {
    const text = renderMasterPlaylist('index.m3u8')
    expect(text).toContain('RESOLUTION=1280x720')
    expect(text).toContain('RESOLUTION=640x360')
    expect(text).toContain('CODECS="avc1.64001f,mp4a.40.2"')
    expect(text.trim().split('\n').slice(-1)[0]).toBe('360p/index.m3u8')
    expect(renderMasterPlaylist('replay.m3u8')).toContain('720p/replay.m3u8')
  })
})
