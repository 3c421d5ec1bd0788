import { describe, expect, test } from 'vitest'
import { withFreshHlsToken } from './hls-token-swap.ts'

const OLD = '/media/hls/AAAAAAAAAAAAAAAAAAAAAA/1900000000/forum1/rec1/'
const NEW = '/media/hls/BBBBBBBBBBBBBBBBBBBBBB/1900000600/forum1/rec1/'

describe('withFreshHlsToken', () => {
  test.each([
    ['a segment under the old token', `${OLD}720p/seg-000-000004.m4s`, `${NEW}master.m3u8`, `${NEW}720p/seg-000-000004.m4s`],
    ['a playlist, same origin', `${OLD}360p/index.m3u8`, `${NEW}master.m3u8`, `${NEW}360p/index.m3u8`],
    ['from the app to an edge', `http://forum.test${OLD}720p/init-000.mp4`, `https://edge.example.org${NEW}replay-master.m3u8`, `https://edge.example.org${NEW}720p/init-000.mp4`],
    ['a query string is kept', `${OLD}720p/index.m3u8?_HLS_msn=3`, `${NEW}master.m3u8`, `${NEW}720p/index.m3u8?_HLS_msn=3`],
    ['another recording: unchanged', `${OLD}720p/index.m3u8`, '/media/hls/BBBBBBBBBBBBBBBBBBBBBB/1900000600/forum1/rec2/master.m3u8', `${OLD}720p/index.m3u8`],
    ['another forum: unchanged', `${OLD}720p/index.m3u8`, '/media/hls/BBBBBBBBBBBBBBBBBBBBBB/1900000600/forum2/rec1/master.m3u8', `${OLD}720p/index.m3u8`],
    ['not a signed URL: unchanged', '/assets/app.js', `${NEW}master.m3u8`, '/assets/app.js'],
    ['a fresh URL that is not signed: unchanged', `${OLD}master.m3u8`, '/api/hls/access', `${OLD}master.m3u8`],
  ])('%s', (_name, url, fresh, expected) => {
    expect(withFreshHlsToken(url, fresh)).toBe(expected)
  })
})
