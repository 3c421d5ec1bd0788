import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { signHlsBase, verifyHlsPath } from './hls-url.ts'

const secret = 's'.repeat(40)
const scope = { forumId: 'cforumA', recordingId: 'crecA' }

describe('signed HLS URLs', () => {
  test('the MAC is what nginx secure_link_md5 "$expires/$forum/$recording secret" computes, base64url without padding', () => {
    const base = signHlsBase(secret, scope, 2_000_000_000)
    const md5 = createHash('md5').update(`2000000000/cforumA/crecA ${secret}`).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(base).toBe(`/media/hls/${md5}/2000000000/cforumA/crecA/`)
  })

  test('a signed URL opens every file of the recording until it expires, through its expiry second', () => {
    const base = signHlsBase(secret, scope, 1_000)
    for (const file of ['master.m3u8', '720p/index.m3u8', '360p/seg-000-000001.m4s', 'replay-master.m3u8'])
      expect(verifyHlsPath(secret, base + file, 999)).toMatchObject({ ok: true, request: { forumId: 'cforumA', recordingId: 'crecA', file } })
    expect(verifyHlsPath(secret, `${base}master.m3u8`, 1_000).ok).toBe(true)
    expect(verifyHlsPath(secret, `${base}master.m3u8`, 1_001)).toEqual({ ok: false, reason: 'expired' })
  })

  test.each([
    ['another forum', (b: string) => b.replace('cforumA', 'cforumB')],
    ['another recording', (b: string) => b.replace('crecA', 'crecB')],
    ['a later expiry', (b: string) => b.replace('/1000/', '/9000/')],
    ['another secret', () => signHlsBase('t'.repeat(40), scope, 1_000)],
  ])('a URL edited to %s is forged', (_label, edit) => {
    expect(verifyHlsPath(secret, `${edit(signHlsBase(secret, scope, 1_000))}master.m3u8`, 10)).toEqual({ ok: false, reason: 'forged' })
  })

  test.each(['', '/media/hls/', '/media/hls/abc/1/f/r/master.m3u8', 'x'.repeat(600)])('%j is malformed', (path) => {
    expect(verifyHlsPath(secret, path, 10)).toEqual({ ok: false, reason: 'malformed' })
  })

  test('a genuine token does not open files outside the layout', () => {
    const base = signHlsBase(secret, scope, 1_000)
    for (const file of ['recording.json', '../crecB/master.m3u8', '720p/../../x']) expect(verifyHlsPath(secret, base + file, 10)).toEqual({ ok: false, reason: 'malformed' })
  })

  test('will not sign what is not an id or a time', () => {
    expect(() => signHlsBase(secret, { forumId: 'a/b', recordingId: 'r' }, 1)).toThrow()
    expect(() => signHlsBase(secret, scope, 1.5)).toThrow()
  })
})
