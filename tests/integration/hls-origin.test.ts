import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signHlsBase } from '../../app/domain/hls-url.ts'
import { hlsCorsOrigin, hlsOrigin } from '../../app/utils/hls-origin.server.ts'
import { writeSyntheticRecording, type SyntheticRecording } from '../helpers/synthetic-hls.ts'

const SECRET = 's'.repeat(40)
const NOW = 1_900_000_000
const FORUM = 'forumA'
const RECORDING = 'recA'
let dir = ''
let server: http.Server
let base = ''
let rec: SyntheticRecording

/** A raw GET (or other method): fetch() would normalise `..` and `%2e` away before sending. */
function raw(pathname: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

const signed = (file: string, scope = { forumId: FORUM, recordingId: RECORDING }, expires = NOW + 600) => `${signHlsBase(SECRET, scope, expires)}${file}`

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hls-origin-'))
  rec = await writeSyntheticRecording({ recordingsDir: dir, forumId: FORUM, recordingId: RECORDING, runSeconds: [4, 2] })
  await writeSyntheticRecording({ recordingsDir: dir, forumId: 'forumB', recordingId: 'recB', runSeconds: [2] })
  const app = express()
  app.use(compression())
  app.use(hlsOrigin({ secret: SECRET, recordingsDir: dir, corsOrigin: 'https://forum.example.org', now: () => NOW }))
  app.use((_req, res) => void res.status(418).send('next'))
  server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

describe('the HLS origin serves a signed recording with the layout headers', () => {
  test('master → media playlist → init → segments, each with its type and cache lifetime', async () => {
    const master = await raw(signed('master.m3u8'))
    expect(master.status).toBe(200)
    expect(master.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/)
    expect(master.headers['cache-control']).toBe('public, max-age=1')
    expect(master.headers['access-control-allow-origin']).toBe('https://forum.example.org')
    expect(master.body.toString()).toContain('720p/index.m3u8')
    const media = await raw(signed('720p/index.m3u8'))
    expect(media.status).toBe(200)
    expect(media.headers['cache-control']).toBe('public, max-age=1')
    expect(media.headers.etag).toBeTruthy()
    expect(media.headers['last-modified']).toBeTruthy()
    const text = media.body.toString()
    expect(text).toContain('init-000.mp4')
    expect(text).toContain('init-001.mp4')
    const init = await raw(signed('720p/init-001.mp4'))
    expect(init.status).toBe(200)
    expect(init.headers['content-type']).toBe('video/mp4')
    expect(init.headers['cache-control']).toBe('public, max-age=604800, immutable')
    expect(init.body.subarray(4, 8).toString()).toBe('ftyp')
    for (const segment of rec.segments) {
      const res = await raw(signed(`360p/${segment.uri}`))
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('video/iso.segment')
      expect(res.headers['cache-control']).toBe('public, max-age=604800, immutable')
      expect(res.body.equals(await readFile(path.join(rec.dir, '360p', segment.uri)))).toBe(true)
    }
  })

  test('conditional GET, HEAD and Range', async () => {
    const url = signed(`720p/${rec.segments[0]!.uri}`)
    const full = await raw(url)
    expect((await raw(url, { headers: { 'if-none-match': full.headers.etag! } })).status).toBe(304)
    const head = await raw(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers['content-length'])).toBe(full.body.length)
    expect(head.body.length).toBe(0)
    const part = await raw(url, { headers: { range: 'bytes=10-109' } })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 10-109/${full.body.length}`)
    expect(part.body.equals(full.body.subarray(10, 110))).toBe(true)
  })

  test('a file of the layout that is not there is 404 and not cached; a replay playlist before the end is one', async () => {
    for (const file of ['replay-master.m3u8', '720p/seg-000-999999.m4s', '720p/init-009.mp4']) {
      const res = await raw(signed(file))
      expect(res.status).toBe(404)
      expect(res.headers['cache-control']).toBe('no-store')
    }
  })

  test('CORS preflight for the edge origin, and only GET/HEAD', async () => {
    const pre = await raw(signed('master.m3u8'), { method: 'OPTIONS' })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS')
    expect((await raw(signed('master.m3u8'), { method: 'POST' })).status).toBe(405)
    expect((await raw('/healthz')).status).toBe(418)
  })
})

describe('the origin refuses anything it did not sign', () => {
  test('forged, expired, other-scope and malformed links are 403', async () => {
    const good = signed('master.m3u8')
    const md5 = good.split('/')[3]!
    const forged = good.replace(md5, `${md5.slice(0, -1)}${md5.endsWith('A') ? 'B' : 'A'}`)
    const cases = {
      forged,
      expired: signed('master.m3u8', undefined, NOW - 1),
      'other secret': `${signHlsBase('x'.repeat(40), { forumId: FORUM, recordingId: RECORDING }, NOW + 600)}master.m3u8`,
      // A genuine token for forum B's recording, pointed at forum A's.
      'other forum': signed('master.m3u8', { forumId: 'forumB', recordingId: 'recB' }).replace('/forumB/recB/', `/${FORUM}/${RECORDING}/`),
      'other recording': signed('master.m3u8', { forumId: FORUM, recordingId: 'recB' }).replace('/recB/', `/${RECORDING}/`),
      'longer expiry': good.replace(`/${NOW + 600}/`, `/${NOW + 6000}/`),
      'not a layout file': signed('recording.json'),
      traversal: signed('../../forumB/recB/master.m3u8'),
      'encoded traversal': signed('720p/%2e%2e/%2e%2e/forumB/recB/master.m3u8'),
      'encoded slash': signed('720p%2findex.m3u8'),
      'no file': signed(''),
      'not a token': '/media/hls/short/123/forumA/recA/master.m3u8',
    }
    for (const [name, url] of Object.entries(cases)) {
      const res = await raw(url)
      expect([name, res.status]).toEqual([name, 403])
      expect(res.headers['cache-control']).toBe('no-store')
    }
    // The genuine link still plays at its last second.
    expect((await raw(signed('master.m3u8', undefined, NOW))).status).toBe(200)
  })
})

describe('hlsCorsOrigin', () => {
  test('allows the page origin only when the edge is another origin', () => {
    expect(hlsCorsOrigin({ PUBLIC_URL: 'https://forum.example.org/', HLS_PUBLIC_URL: 'https://edge.example.org' })).toBe('https://forum.example.org')
    expect(hlsCorsOrigin({ PUBLIC_URL: 'https://forum.example.org', HLS_PUBLIC_URL: 'https://forum.example.org/hls' })).toBeUndefined()
    expect(hlsCorsOrigin({ PUBLIC_URL: 'https://forum.example.org', HLS_PUBLIC_URL: undefined })).toBeUndefined()
  })
})
