import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseMediaPlaylist } from '../../app/domain/hls-playlist.ts'
import { signHlsBase } from '../../app/domain/hls-url.ts'
import { hlsOrigin } from '../../app/utils/hls-origin.server.ts'
import { startNginxEdge, type NginxEdge } from '../helpers/nginx-edge.ts'
import { writeSyntheticRecording, type SyntheticRecording } from '../helpers/synthetic-hls.ts'

/**
 * The edge config of docs/nginx/hls-edge.conf in a real Debian nginx, in front of the real
 * origin handler (app/utils/hls-origin.server.ts) on a loopback server that counts what reaches it.
 */
const SECRET = 'e'.repeat(48)
const FORUM = 'forumEdge'
const RECORDING = 'recEdge'
let dir = ''
let origin: http.Server
let edge: NginxEdge
let rec: SyntheticRecording
/** Requests that reached the origin, by "<forumId>/<recordingId>/<file>". */
const reached = new Map<string, number>()

const nowSec = () => Math.floor(Date.now() / 1000)
const signed = (file: string, options: { scope?: { forumId: string; recordingId: string }; expires?: number } = {}) =>
  `${signHlsBase(SECRET, options.scope ?? { forumId: FORUM, recordingId: RECORDING }, options.expires ?? nowSec() + 600)}${file}`

/** A raw request, so `..` and `%2e` reach nginx as written. */
function raw(pathname: string, options: { agent?: http.Agent; method?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${edge.url}${pathname}`, { agent: options.agent, method: options.method ?? 'GET' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hls-edge-origin-'))
  rec = await writeSyntheticRecording({ recordingsDir: dir, forumId: FORUM, recordingId: RECORDING, runSeconds: [6] })
  await writeSyntheticRecording({ recordingsDir: dir, forumId: 'forumOther', recordingId: 'recOther', runSeconds: [2] })
  const app = express()
  app.use((req, _res, next) => {
    const key = req.originalUrl.split('/').slice(5).join('/')
    reached.set(key, (reached.get(key) ?? 0) + 1)
    next()
  })
  app.use(compression())
  app.use(hlsOrigin({ secret: SECRET, recordingsDir: dir, corsOrigin: 'https://forum.example.org' }))
  origin = http.createServer(app)
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  edge = await startNginxEdge({ origin: `127.0.0.1:${(origin.address() as AddressInfo).port}`, secret: SECRET, workers: 2 })
})
afterAll(async () => {
  await edge?.stop()
  await new Promise((resolve) => origin?.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

describe('the nginx edge in front of the origin', () => {
  test('a valid token plays: master → media playlist → init → segments, all 200 through the edge', async () => {
    const master = await raw(signed('master.m3u8'))
    expect(master.status).toBe(200)
    expect(master.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/)
    expect(master.headers['access-control-allow-origin']).toBe('https://forum.example.org')
    const variants = master.body
      .toString()
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
    expect(variants).toEqual(['720p/index.m3u8', '360p/index.m3u8'])
    for (const variant of variants) {
      const media = await raw(signed(variant))
      expect(media.status).toBe(200)
      const rendition = variant.split('/')[0]!
      const playlist = parseMediaPlaylist(media.body.toString())
      expect(playlist.segments.map((s) => s.uri)).toEqual(rec.segments.map((s) => s.uri))
      const init = await raw(signed(`${rendition}/${playlist.segments[0]!.map}`))
      expect([init.status, init.headers['content-type'], init.body.subarray(4, 8).toString()]).toEqual([200, 'video/mp4', 'ftyp'])
      for (const segment of playlist.segments) {
        const res = await raw(signed(`${rendition}/${segment.uri}`))
        expect([res.status, res.headers['content-type'], res.headers['cache-control']]).toEqual([200, 'video/iso.segment', 'public, max-age=604800, immutable'])
        expect(res.body.length).toBeGreaterThan(1000)
      }
    }
  })

  test('forged, expired, other-forum and traversal links are refused at the edge and never reach the origin', async () => {
    const before = new Map(reached)
    const good = signed('master.m3u8')
    const md5 = good.split('/')[3]!
    const otherToken = signed('master.m3u8', { scope: { forumId: 'forumOther', recordingId: 'recOther' } })
    const cases: Record<string, [string, number[]]> = {
      // A changed first character: the last one carries 4 padding bits base64 decoders ignore,
      // so changing only those would be the same MAC, not a forgery.
      forged: [good.replace(md5, `${md5.startsWith('A') ? 'B' : 'A'}${md5.slice(1)}`), [403]],
      expired: [signed('master.m3u8', { expires: nowSec() - 5 }), [403]],
      'other forum': [otherToken.replace('/forumOther/recOther/', `/${FORUM}/${RECORDING}/`), [403]],
      'other secret': [`${signHlsBase('x'.repeat(48), { forumId: FORUM, recordingId: RECORDING }, nowSec() + 600)}master.m3u8`, [403]],
      'longer expiry': [good.replace(/\/(\d+)\//, (_, e: string) => `/${Number(e) + 3600}/`), [403]],
      // nginx resolves `..` first: the path then names the other forum with this forum's token.
      traversal: [signed('../../forumOther/recOther/master.m3u8'), [403, 404]],
      'encoded traversal': [signed('720p/%2e%2e/%2e%2e/forumOther/recOther/master.m3u8'), [403, 404]],
      'not a layout file': [signed('recording.json'), [404]],
      'outside the prefix': ['/etc/passwd', [404]],
    }
    for (const [name, [url, statuses]] of Object.entries(cases)) {
      const res = await raw(url)
      expect([name, statuses.includes(res.status)]).toEqual([name, true])
    }
    expect(reached).toEqual(before)
  })

  test('many viewers with different tokens fetching the same new segments: the origin sees exactly one request per segment per rendition', async () => {
    await writeSyntheticRecording({ recordingsDir: dir, forumId: FORUM, recordingId: 'recCrowd', runSeconds: [6] }).then((r) => (rec = r))
    const files = ['720p', '360p'].flatMap((rendition) => [`${rendition}/init-000.mp4`, ...rec.segments.map((s) => `${rendition}/${s.uri}`)])
    const viewers = 300
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 })
    const base = nowSec() + 600
    // Every viewer has its own token (its own expiry), and all ask for every file at once.
    const results = await Promise.all(
      Array.from({ length: viewers }, (_, v) =>
        Promise.all(
          files.map((file) => raw(signed(file, { scope: { forumId: FORUM, recordingId: 'recCrowd' }, expires: base + v }), { agent }).then((r) => [r.status, r.headers['x-cache-status']] as const)),
        ),
      ),
    )
    agent.destroy()
    const statuses = results.flat().map(([status]) => status)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(statuses).toHaveLength(viewers * files.length)
    // MISS for the one that went to the origin; HIT or UPDATING for those that waited on the lock or came later.
    const cacheStates = new Set(results.flat().map(([, state]) => state))
    expect([...cacheStates].every((s) => ['MISS', 'HIT', 'UPDATING'].includes(String(s)))).toBe(true)
    for (const file of files) expect([file, reached.get(`${FORUM}/recCrowd/${file}`)]).toEqual([file, 1])
  })

  test('a live playlist is cached for about a second, so the origin is asked about once a second', async () => {
    const key = `${FORUM}/${RECORDING}/720p/index.m3u8`
    const before = reached.get(key) ?? 0
    for (let i = 0; i < 50; i++) expect((await raw(signed('720p/index.m3u8', { expires: nowSec() + 600 + i }))).status).toBe(200)
    // 50 requests within well under a few seconds: a handful at most reach the origin.
    expect((reached.get(key) ?? 0) - before).toBeLessThanOrEqual(4)
    expect(await edge.errorLog()).not.toMatch(/\[(emerg|alert|crit)\]/)
  })
})
