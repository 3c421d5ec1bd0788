import { describe, expect, test } from 'vitest'
import { cacheControlOf, initSegmentName, isSafeId, mediaSegmentName, recordingDir, recordingFileKind } from './hls-layout.ts'

describe('the recording layout', () => {
  test('names init and media segments by run and sequence, zero-padded so they sort', () => {
    expect(initSegmentName(0)).toBe('init-000.mp4')
    expect(mediaSegmentName(3, 42)).toBe('seg-003-000042.m4s')
    expect(recordingDir('cforum1', 'crec2')).toBe('cforum1/crec2')
  })

  test.each([
    ['master.m3u8', 'live-playlist'],
    ['720p/index.m3u8', 'live-playlist'],
    ['360p/index.m3u8', 'live-playlist'],
    ['replay-master.m3u8', 'replay-playlist'],
    ['720p/replay.m3u8', 'replay-playlist'],
    ['720p/init-000.mp4', 'init'],
    ['360p/seg-012-000345.m4s', 'segment'],
    ['replay-720p.mp4', 'mp4'],
  ])('%s is a %s', (file, kind) => {
    expect(recordingFileKind(file)).toBe(kind)
  })

  test.each([
    '../master.m3u8',
    '/etc/passwd',
    '720p/../../x',
    '720p%2Findex.m3u8',
    'recording.json',
    '1080p/index.m3u8',
    '720p/seg-1-1.m4s',
    '720p/seg-001-000001.m4s/',
    '720p//index.m3u8',
    '',
    'x'.repeat(100),
  ])('%j is not a file of the layout', (file) => {
    expect(recordingFileKind(file)).toBeNull()
  })

  test('refuses non-strings and ids that could leave the folder', () => {
    expect(recordingFileKind(42)).toBeNull()
    expect(isSafeId('..')).toBe(false)
    expect(isSafeId('a/b')).toBe(false)
    expect(() => recordingDir('..', 'x')).toThrow()
  })

  test('segments are immutable, live playlists live for a second at an edge', () => {
    expect(cacheControlOf('segment')).toContain('immutable')
    expect(cacheControlOf('init')).toContain('immutable')
    expect(cacheControlOf('live-playlist')).toBe('public, max-age=1')
    expect(cacheControlOf('replay-playlist')).toBe('public, max-age=60')
  })
})
