import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { signLiveToken } from '../../app/domain/live-token.ts'
import type { Ack } from '../../app/schemas/live-signalling.ts'
import { freePort } from '../helpers/test-database.ts'
import { mediaPortsEnv } from '../helpers/media-ports.ts'

/**
 * The media server as its own process (`npm run media`, MEDIA_SERVER=external on the app):
 * it answers /healthz and serves the `/media` signalling to browsers that carry a join token
 * signed with the shared MEDIA_TOKEN_SECRET, without a database.
 */
const SECRET = 'm'.repeat(32)
const root = path.resolve(import.meta.dirname, '../..')
let child: ChildProcess
let base = ''
let output = ''
const sockets: Socket[] = []

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    MEDIA_SERVER_PORT: String(port),
    MEDIA_TOKEN_SECRET: SECRET,
    MEDIASOUP_WORKERS: '1',
    MEDIASOUP_LISTEN_IP: '127.0.0.1',
    ...mediaPortsEnv('media-standalone'),
    LOG_LEVEL: 'warn',
  }
  delete env.REDIS_URL
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'media-server/standalone.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`media server exited:\n${output}`)
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) throw new Error(`media server did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}, 70_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
})

const now = () => Math.floor(Date.now() / 1000)

test('answers /healthz with its workers', async () => {
  const health = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean; mediasoup: { workers: number; version: string } }
  expect(health).toMatchObject({ ok: true, mediasoup: { workers: 1, version: '3.19.3' } })
  expect((await fetch(`${base}/nope`)).status).toBe(404)
})

test('serves the stage signalling to a token the app signed, and refuses others', async () => {
  const token = signLiveToken(SECRET, { forumId: 'standalone-forum', userId: 'u1', role: 'viewer', name: '', status: 'LIVE', iat: now(), exp: now() + 60 })
  const socket = connect(`${base}/media`, { auth: { token, locale: 'en' }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(null))
    socket.once('connect_error', reject)
  })
  const caps = (await socket.timeout(5000).emitWithAck('getRouterRtpCapabilities', {})) as Ack<{ codecs: unknown[] }>
  if (!caps.ok) throw new Error(caps.error.message)
  const joined = (await socket.timeout(5000).emitWithAck('join', { rtpCapabilities: caps.data })) as Ack<{ role: string; liveStatus: string }>
  expect(joined).toMatchObject({ ok: true, data: { role: 'viewer', liveStatus: 'LIVE' } })

  const forged = connect(`${base}/media`, {
    auth: { token: signLiveToken('x'.repeat(32), { forumId: 'f', userId: 'u', role: 'moderator', name: '', status: 'LIVE', iat: now(), exp: now() + 60 }) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  })
  sockets.push(forged)
  const refusal = await new Promise<{ data?: { code: string } }>((resolve) => forged.once('connect_error', resolve))
  expect(refusal.data?.code).toBe('live_token_invalid')
})
