import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { LiveQuestionView } from '../../app/domain/live-interaction.ts'
import { signLiveToken, type LiveTokenClaims } from '../../app/domain/live-token.ts'
import { attachInteraction } from '../../app/realtime/interaction.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { attachMediaSignalling } from '../../media-server/signalling/index.ts'
import type { Ack } from '../../app/schemas/live-signalling.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createUsers } from '../helpers/fixtures.ts'
import { waitFor } from '../helpers/rtp.ts'
import { freePort } from '../helpers/test-database.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * Two signalling nodes sharing a real Redis through socket.io's Redis adapter, as two app
 * processes behind a load balancer would: chat and chat moderation, Q&A, raised hands and
 * the viewer count cross nodes, while a room's media pushes stay on the node whose workers
 * hold that room. Redis is REDIS_TEST_URL, else the one on 127.0.0.1:6379, else a
 * redis-server this test starts itself (Debian's package, which `npm install` installs).
 */
let REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379'
let ownRedis: { child: ChildProcess; dir: string } | undefined
let db: Db
const SECRET = 'r'.repeat(32)
const KEY = `cme-test-${randomBytes(4).toString('hex')}` // this run's channel, apart from any other run
type Node = { url: string; interactionUrl: string; close: () => Promise<void> }
const nodes: Node[] = []
const sockets: Socket[] = []

async function startNode(index: number): Promise<Node> {
  const pool = await WorkerPool.start({
    workers: 1,
    logLevel: 'error',
    ...mediaPorts('live-redis', index as 0 | 1),
    listenIp: '127.0.0.1',
    restartDelayMs: 100,
    maxRestartDelayMs: 1000,
  })
  const server = http.createServer()
  const io = new Server(server)
  const pub = createClient({ url: REDIS_URL })
  const sub = pub.duplicate()
  await Promise.all([pub.connect(), sub.connect()])
  io.adapter(createAdapter(pub, sub, { key: KEY }))
  const signalling = attachMediaSignalling(io, { pool, config: { listenIp: '127.0.0.1', viewersPerRouter: 100 }, tokenSecret: () => SECRET })
  const interaction = attachInteraction(io, db, { tokenSecret: () => SECRET })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}/media`,
    interactionUrl: `${origin}/interaction`,
    close: async () => {
      interaction.close()
      await signalling.close()
      await new Promise((r) => io.close(() => r(null)))
      await Promise.allSettled([pub.quit(), sub.quit()])
      await pool.close()
    },
  }
}

async function reachable(url: string) {
  const probe = createClient({ url, socket: { reconnectStrategy: false } })
  probe.on('error', () => undefined)
  try {
    await probe.connect()
    await probe.quit()
    return true
  } catch {
    return false
  }
}

/** A throwaway redis-server on a free port, when none is running (a developer's laptop). */
async function startOwnRedis(): Promise<string> {
  const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p))
  if (!binary) throw new Error(`Redis is needed for this test: none answers at ${REDIS_URL} and redis-server is not installed (sudo apt-get install redis-server, or set REDIS_TEST_URL)`)
  const port = await freePort()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cme-redis-'))
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
  ownRedis = { child, dir }
  const url = `redis://127.0.0.1:${port}`
  for (let i = 0; i < 50 && !(await reachable(url)); i++) await new Promise((r) => setTimeout(r, 100))
  if (!(await reachable(url))) throw new Error(`redis-server (${binary}) did not start on port ${port}`)
  return url
}

beforeAll(async () => {
  if (!(await reachable(REDIS_URL))) REDIS_URL = await startOwnRedis()
  db = testDb()
  nodes.push(await startNode(0), await startNode(1))
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  for (const n of nodes) await n.close()
  await db?.$disconnect()
  if (ownRedis) {
    ownRedis.child.kill('SIGTERM')
    rmSync(ownRedis.dir, { recursive: true, force: true })
  }
})

let seq = 0
const now = () => Math.floor(Date.now() / 1000)
async function open(node: Node, claims: Partial<LiveTokenClaims> & { forumId: string }) {
  const token = signLiveToken(SECRET, { userId: `user${seq++}`, role: 'viewer', name: `观众${seq}`, status: 'OFFLINE', iat: now(), exp: now() + 60, ...claims })
  const socket = connect(node.url, { auth: { token, locale: 'en' }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(null))
    socket.once('connect_error', reject)
  })
  return socket
}
const request = <T = unknown>(socket: Socket, name: string, payload?: unknown) => socket.timeout(5000).emitWithAck(name, payload ?? {}) as Promise<Ack<T>>

async function joinMedia(socket: Socket) {
  const caps = await request(socket, 'getRouterRtpCapabilities')
  if (!caps.ok) throw new Error(caps.error.message)
  const joined = await request(socket, 'join', { rtpCapabilities: caps.data })
  if (!joined.ok) throw new Error(joined.error.message)
}

test('a chat message sent on one node reaches a viewer connected to the other', async () => {
  const forumId = `f${KEY}a`
  const a = await open(nodes[0]!, { forumId, name: '陈静' })
  const b = await open(nodes[1]!, { forumId })
  const elsewhere = await open(nodes[1]!, { forumId: `f${KEY}other` })
  const got: unknown[] = []
  const strays: unknown[] = []
  b.on('chatMessage', (m) => got.push(m))
  elsewhere.on('chatMessage', (m) => strays.push(m))
  expect(await request(a, 'chatSend', { text: '  请问第二张幻灯片的数据来源？ ' })).toMatchObject({ ok: true })
  await waitFor(() => got.length === 1, 5000, 'the message on the other node')
  expect(got[0]).toMatchObject({ name: '陈静', role: 'viewer', text: '请问第二张幻灯片的数据来源？' })
  // One message a second per person.
  expect(await request(a, 'chatSend', { text: 'again' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } })
  expect(strays).toEqual([])
})

test("a moderator's mute on one node holds on the other, and only moderators may mute or delete", async () => {
  const forumId = `f${KEY}b`
  const moderator = await open(nodes[0]!, { forumId, role: 'moderator', name: '周敏' })
  const viewer = await open(nodes[1]!, { forumId, userId: `loud${KEY}` })
  expect(await request(viewer, 'chatMute', { userId: 'x', muted: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  const deleted = new Promise((resolve) => viewer.once('chatDeleted', resolve))
  expect(await request(moderator, 'chatDelete', { messageId: 'm1' })).toEqual({ ok: true, data: {} })
  expect(await deleted).toEqual({ messageId: 'm1' })

  const told = new Promise((resolve) => viewer.once('chatMuted', resolve))
  expect(await request(moderator, 'chatMute', { userId: `loud${KEY}`, muted: true })).toEqual({ ok: true, data: {} })
  expect(await told).toEqual({ userId: `loud${KEY}`, muted: true })
  // serverSideEmit reaches the other node a moment later; until then its message may pass.
  const deadline = Date.now() + 5000
  let reply: Ack<unknown>
  do {
    reply = await request(viewer, 'chatSend', { text: 'hello?' })
    if (reply.ok) await new Promise((r) => setTimeout(r, 1100))
  } while (reply.ok && Date.now() < deadline)
  expect(reply).toEqual({ ok: false, error: { code: 'live_chat_muted', message: 'A moderator has muted you in the chat.' } })
})

test("a room's media pushes stay on the node that holds the room", async () => {
  const forumId = `f${KEY}c`
  const moderator = await open(nodes[0]!, { forumId, role: 'moderator', name: '周敏' })
  const sameNode = await open(nodes[0]!, { forumId })
  const otherNode = await open(nodes[1]!, { forumId })
  for (const s of [moderator, sameNode, otherNode]) await joinMedia(s)
  const pushes: string[] = []
  sameNode.on('liveStatus', () => pushes.push('same'))
  otherNode.on('liveStatus', () => pushes.push('other'))
  expect(await request(moderator, 'setLiveStatus', { status: 'LIVE' })).toEqual({ ok: true, data: {} })
  await waitFor(() => pushes.includes('same'), 5000, 'the push on the same node')
  await new Promise((r) => setTimeout(r, 300))
  expect(pushes).toEqual(['same'])
})

async function openInteraction(node: Node, claims: { forumId: string; userId: string; role: LiveTokenClaims['role'] }) {
  const token = signLiveToken(SECRET, { name: '', status: 'LIVE', iat: now(), exp: now() + 60, ...claims })
  const socket = connect(node.interactionUrl, { auth: { token, locale: 'zh-CN' }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(null))
    socket.once('connect_error', reject)
  })
  return socket
}

test('Q&A and raised hands cross nodes: a question asked on one node is moderated on the other and reaches viewers everywhere', async () => {
  const event = await createEvent(db)
  const forumId = event.forums[0]!.id
  const [moderatorId, askerId, watcherId] = await createUsers(db, 3, 'redis')
  const moderator = await openInteraction(nodes[0]!, { forumId, userId: moderatorId!, role: 'moderator' })
  const asker = await openInteraction(nodes[1]!, { forumId, userId: askerId!, role: 'viewer' })
  const watcher = await openInteraction(nodes[0]!, { forumId, userId: watcherId!, role: 'viewer' })

  const pending = new Promise<{ question: LiveQuestionView }>((resolve) => moderator.once('qaQuestion', resolve))
  const asked = await request<{ question: LiveQuestionView }>(asker, 'qaAsk', { text: '跨节点的问题' })
  if (!asked.ok) throw new Error(asked.error.message)
  expect((await pending).question).toMatchObject({ id: asked.data.question.id, status: 'PENDING' })

  const approved = new Promise<{ question: LiveQuestionView }>((resolve) => watcher.once('qaQuestion', resolve))
  expect((await request(moderator, 'qaModerate', { questionId: asked.data.question.id, action: 'approve' })).ok).toBe(true)
  expect((await approved).question).toMatchObject({ text: '跨节点的问题', status: 'APPROVED' })

  const hands = new Promise<{ hands: { userId: string }[] }>((resolve) => moderator.once('handsUpdated', resolve))
  expect((await request(asker, 'handRaise', { raised: true })).ok).toBe(true)
  expect((await hands).hands.map((h) => h.userId)).toEqual([askerId])
})

test("the stage sees the forum's viewers summed over both nodes", async () => {
  const forumId = `f${KEY}d`
  const moderator = await open(nodes[0]!, { forumId, role: 'moderator', name: '周敏', status: 'LIVE' })
  await joinMedia(moderator)
  const counts: number[] = []
  moderator.on('viewerCount', (c: { viewers: number }) => counts.push(c.viewers))
  await joinMedia(await open(nodes[0]!, { forumId, status: 'LIVE' }))
  await joinMedia(await open(nodes[1]!, { forumId, status: 'LIVE' }))
  await joinMedia(await open(nodes[1]!, { forumId, status: 'LIVE' }))
  await waitFor(() => counts.at(-1) === 3, 5000, 'a total of 3 viewers on the console')
})
