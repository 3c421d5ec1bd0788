import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { signLiveToken, type LiveTokenClaims } from '../../app/domain/live-token.ts'
import { attachMediaSignalling } from '../../media-server/signalling/index.ts'
import type { Ack } from '../../media-server/signalling/protocol.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { waitFor } from '../helpers/rtp.ts'

/**
 * Two signalling nodes sharing a real Redis through socket.io's Redis adapter, as two app
 * processes behind a load balancer would: chat and chat moderation cross nodes, while a
 * room's media pushes stay on the node whose workers hold that room.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379'
const SECRET = 'r'.repeat(32)
const KEY = `cme-test-${randomBytes(4).toString('hex')}` // this run's channel, apart from any other run
type Node = { url: string; close: () => Promise<void> }
const nodes: Node[] = []
const sockets: Socket[] = []

async function startNode(index: number): Promise<Node> {
  const pool = await WorkerPool.start({ workers: 1, logLevel: 'error', rtcMinPort: 44000 + index * 200, rtcMaxPort: 44000 + index * 200 + 149, listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000, webRtcPort: 44000 + index * 200 + 190 })
  const server = http.createServer()
  const io = new Server(server)
  const pub = createClient({ url: REDIS_URL })
  const sub = pub.duplicate()
  await Promise.all([pub.connect(), sub.connect()])
  io.adapter(createAdapter(pub, sub, { key: KEY }))
  const signalling = attachMediaSignalling(io, { pool, config: { listenIp: '127.0.0.1', viewersPerRouter: 100 }, tokenSecret: () => SECRET })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/media`,
    close: async () => {
      await signalling.close()
      await new Promise((r) => io.close(() => r(null)))
      await Promise.allSettled([pub.quit(), sub.quit()])
      await pool.close()
    },
  }
}

beforeAll(async () => {
  const probe = createClient({ url: REDIS_URL })
  probe.on('error', () => undefined)
  try {
    await probe.connect()
    await probe.quit()
  } catch (error) {
    throw new Error(`Redis is needed for this test at ${REDIS_URL} (start redis-server, or set REDIS_TEST_URL): ${(error as Error).message}`)
  }
  nodes.push(await startNode(0), await startNode(1))
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  for (const n of nodes) await n.close()
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
