import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { signLiveToken, type LiveRole } from '../../app/domain/live-token.ts'
import { createChatStore } from '../../app/services/live/chat-store.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { attachMediaSignalling, type MediaSignalling } from '../../media-server/signalling/index.ts'
import type { Ack, ChatMessage } from '../../app/schemas/live-signalling.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * The chat kept in PostgreSQL: a late joiner gets the latest messages, a deleted one stays
 * out, and a mute outlives the signalling process (a second one on the same database).
 */
const SECRET = 'c'.repeat(32)
let db: Db
let pool: WorkerPool
let forumId = ''
const nodes: { url: string; close: () => Promise<void> }[] = []
const sockets: Socket[] = []

async function startNode() {
  const server = http.createServer()
  const io = new Server(server)
  const store = createChatStore(db)
  const signalling: MediaSignalling = attachMediaSignalling(io, { pool, config: { listenIp: '127.0.0.1', viewersPerRouter: 100 }, tokenSecret: () => SECRET, chatStore: store })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const node = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/media`,
    close: async () => {
      await signalling.close()
      await store.stop()
      await new Promise((r) => io.close(() => r(null)))
    },
  }
  nodes.push(node)
  return node
}

beforeAll(async () => {
  db = testDb()
  pool = await WorkerPool.start({ workers: 1, logLevel: 'error', ...mediaPorts('live-chat-history'), listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000 })
  forumId = (await createEvent(db)).forums[0]!.id
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  for (const n of nodes) await n.close()
  await pool.close()
  await db.$disconnect()
})

const now = () => Math.floor(Date.now() / 1000)
/** Connects and resolves with the socket and the history it was sent on connecting. */
async function join(url: string, userId: string, role: LiveRole = 'viewer', name = '') {
  const token = signLiveToken(SECRET, { forumId, userId, role, name, status: 'LIVE', iat: now(), exp: now() + 60 })
  const socket = connect(url, { auth: { token, locale: 'en' }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  const history = new Promise<{ messages: ChatMessage[]; muted: string[] }>((resolve) => socket.once('chatHistory', resolve))
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(null))
    socket.once('connect_error', reject)
  })
  return { socket, history: await history }
}
const request = <T = unknown>(socket: Socket, name: string, payload?: unknown) => socket.timeout(5000).emitWithAck(name, payload ?? {}) as Promise<Ack<T>>

test('a late joiner gets the kept messages, without the deleted one; a mute outlives the process', async () => {
  const node = await startNode()
  const alice = await join(node.url, 'alice', 'viewer', '陈静')
  expect(alice.history).toEqual({ messages: [], muted: [] })
  const first = await request<{ messageId: string }>(alice.socket, 'chatSend', { text: '第一条' })
  await new Promise((r) => setTimeout(r, 1100)) // one message a second
  const second = await request<{ messageId: string }>(alice.socket, 'chatSend', { text: '第二条' })
  if (!first.ok || !second.ok) throw new Error('not sent')

  const moderator = await join(node.url, 'mod', 'moderator', '周敏')
  expect(moderator.history.messages.map((m) => [m.text, m.name])).toEqual([
    ['第一条', '陈静'],
    ['第二条', '陈静'],
  ])
  expect(await request(moderator.socket, 'chatDelete', { messageId: first.data.messageId })).toEqual({ ok: true, data: {} })
  expect(await request(moderator.socket, 'chatMute', { userId: 'alice', muted: true })).toEqual({ ok: true, data: {} })
  const late = await join(node.url, 'bob')
  expect(late.history.messages.map((m) => m.text)).toEqual(['第二条'])
  expect(late.history.muted).toEqual(['alice'])
  expect(await db.chatMessage.count({ where: { forumId, deletedAt: { not: null }, deletedById: 'mod' } })).toBe(1)

  // A new signalling process on the same database: Alice is still muted there.
  await node.close()
  nodes.splice(nodes.indexOf(node), 1)
  const restarted = await startNode()
  const again = await join(restarted.url, 'alice', 'viewer', '陈静')
  expect(again.history.muted).toEqual(['alice'])
  expect(await request(again.socket, 'chatSend', { text: '我又来了' })).toMatchObject({ ok: false, error: { code: 'live_chat_muted' } })
})

test('once the moderator ends the forum, the chat is closed to the audience (refused in words) but not to moderators', async () => {
  const node = nodes[0] ?? (await startNode())
  forumId = (await createEvent(db)).forums[0]!.id
  const moderator = await join(node.url, 'mod-end', 'moderator', '主持人')
  const viewer = await join(node.url, 'viewer-end', 'viewer', '王芳')
  const caps = await request<unknown>(moderator.socket, 'getRouterRtpCapabilities')
  expect(caps.ok).toBe(true)
  expect((await request(moderator.socket, 'join', { rtpCapabilities: caps.ok ? caps.data : null })).ok).toBe(true)
  expect((await request(viewer.socket, 'chatSend', { text: '谢谢老师' })).ok).toBe(true)

  expect((await request(moderator.socket, 'setLiveStatus', { status: 'ENDED' })).ok).toBe(true)
  expect(await request(viewer.socket, 'chatSend', { text: '还在吗' })).toMatchObject({
    ok: false,
    error: { code: 'live_forum_ended', message: 'This forum has ended: questions, chat and raised hands are closed.' },
  })
  expect((await request(moderator.socket, 'chatSend', { text: '回放稍后上线' })).ok).toBe(true)
})
