import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { signLiveToken, type LiveTokenClaims } from '../../app/domain/live-token.ts'
import { attachMediaSignalling, type MediaSignalling } from '../../media-server/signalling/index.ts'
import type { Ack } from '../../app/schemas/live-signalling.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * The `/media` namespace over a real socket.io server and client: the join token is the
 * only way in, every payload is validated, and every reply is an ack with a translated
 * message. Producing uses WebRTC transports on the worker's WebRtcServer port.
 */
const SECRET = 's'.repeat(32)
const PORTS = mediaPorts('live-signalling')
const WEBRTC_PORT = PORTS.webRtcPort
let pool: WorkerPool
let server: http.Server
let signalling: MediaSignalling
let url = ''
const sockets: Socket[] = []

beforeAll(async () => {
  pool = await WorkerPool.start({ workers: 1, logLevel: 'error', ...PORTS, listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000 })
  server = http.createServer()
  const io = new Server(server)
  signalling = attachMediaSignalling(io, { pool, config: { listenIp: '127.0.0.1', viewersPerRouter: 100 }, tokenSecret: () => SECRET })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media`
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  await signalling.close()
  await new Promise((r) => server.close(r))
  await pool.close()
})

let seq = 0
const now = () => Math.floor(Date.now() / 1000)
function token(overrides: Partial<LiveTokenClaims> = {}) {
  return signLiveToken(SECRET, { forumId: `forum${process.pid}x${seq}`, userId: `user${seq++}`, role: 'viewer', name: '', status: 'LIVE', iat: now(), exp: now() + 60, ...overrides })
}

function open(auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

async function refusal(auth: Record<string, unknown>) {
  const error = await open(auth).then(
    () => null,
    (e: Error & { data?: { code: string; message: string } }) => e,
  )
  return error
}

function request<T = unknown>(socket: Socket, name: string, payload?: unknown): Promise<Ack<T>> {
  return socket.timeout(5000).emitWithAck(name, payload) as Promise<Ack<T>>
}

async function joined(claims: Partial<LiveTokenClaims>, locale = 'zh-CN') {
  const socket = await open({ token: token(claims), locale })
  const caps = await request<{ codecs: unknown[] }>(socket, 'getRouterRtpCapabilities')
  if (!caps.ok) throw new Error(caps.error.message)
  const join = await request<{ peerId: string; producers: { producerId: string }[] }>(socket, 'join', { rtpCapabilities: caps.data })
  if (!join.ok) throw new Error(join.error.message)
  return { socket, join: join.data, caps: caps.data }
}

const vp8Simulcast = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'ccm', parameter: 'fir' }, { type: 'goog-remb' }] }],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }],
  encodings: [
    { rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
    { rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
    { rid: 'r2', maxBitrate: 1_500_000 },
  ],
  rtcp: { cname: 'test' },
}

describe('joining needs a valid token', () => {
  test('no token, a forged token, an expired token and garbage are all refused with a translated reason', async () => {
    const missing = await refusal({})
    expect(missing?.data).toEqual({ code: 'live_token_invalid', message: '直播入场凭证无效或已过期，请刷新页面。' })
    const forged = await refusal({ token: signLiveToken('x'.repeat(32), { forumId: 'f1', userId: 'u1', role: 'moderator', name: '', status: 'LIVE', iat: now(), exp: now() + 60 }), locale: 'en' })
    expect(forged?.data).toEqual({ code: 'live_token_invalid', message: 'Your pass for the live stage is invalid or has expired; reload the page.' })
    const expired = await refusal({ token: token({ iat: now() - 120, exp: now() - 1 }) })
    expect(expired?.data?.code).toBe('live_token_invalid')
    const garbage = await refusal({ token: { nested: true } })
    expect(garbage?.data?.code).toBe('live_token_invalid')
  })

  test('a valid token gets in, and requests before join are refused', async () => {
    const socket = await open({ token: token(), locale: 'en' })
    const early = await request(socket, 'createWebRtcTransport', { direction: 'recv' })
    expect(early).toEqual({ ok: false, error: { code: 'conflict', message: 'That conflicts with the current state; reload and try again.' } })
  })
})

describe('requests', () => {
  test('invalid payloads are answered with validation_failed, never a crash', async () => {
    const { socket } = await joined({})
    for (const [name, payload] of [
      ['createWebRtcTransport', { direction: 'sideways' }],
      ['connectWebRtcTransport', { transportId: 'x' }],
      ['consume', { transportId: 1, producerId: null }],
      ['setConsumerPreferredLayers', { consumerId: 'c', spatialLayer: 9 }],
      ['produce', 'not an object'],
      ['join', { rtpCapabilities: { codecs: 'nope' } }],
    ] as const) {
      expect(await request(socket, name, payload), name).toEqual({ ok: false, error: { code: 'validation_failed', message: '请检查表单中标出的内容。' } })
    }
    // Still connected and answering.
    expect((await request(socket, 'getRouterRtpCapabilities')).ok).toBe(true)
  })

  test('a viewer may receive but not send, and moderator requests are refused to them', async () => {
    const { socket } = await joined({}, 'en')
    const send = await request(socket, 'createWebRtcTransport', { direction: 'send' })
    expect(send).toEqual({ ok: false, error: { code: 'live_not_on_stage', message: 'Only the moderator and speakers on stage can send audio and video.' } })
    const recv = await request<{ id: string; iceCandidates: { port: number; protocol: string }[] }>(socket, 'createWebRtcTransport', { direction: 'recv' })
    expect(recv.ok).toBe(true)
    // Every transport of the worker shares its WebRtcServer's one UDP and one TCP port.
    if (recv.ok) expect(new Set(recv.data.iceCandidates.map((c) => `${c.protocol}:${c.port}`))).toEqual(new Set([`udp:${WEBRTC_PORT}`, `tcp:${WEBRTC_PORT}`]))
    expect(await request(socket, 'setLiveStatus', { status: 'ENDED' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  test('a moderator produces simulcast video; a viewer is told, consumes it paused, resumes it and picks a layer', async () => {
    const forumId = `forum${process.pid}sim${seq++}`
    const mod = await joined({ forumId, role: 'moderator', name: '周敏', status: 'OFFLINE' })
    const viewer = await joined({ forumId, status: 'OFFLINE' })
    expect(viewer.join.producers).toEqual([])

    const send = await request<{ id: string }>(mod.socket, 'createWebRtcTransport', { direction: 'send' })
    if (!send.ok) throw new Error(send.error.message)
    const produced = await request<{ producerId: string }>(mod.socket, 'produce', { transportId: send.data.id, kind: 'video', source: 'camera', rtpParameters: vp8Simulcast })
    if (!produced.ok) throw new Error(produced.error.message)
    const twice = await request(mod.socket, 'produce', { transportId: send.data.id, kind: 'video', source: 'camera', rtpParameters: vp8Simulcast })
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } })

    // Not live yet: the viewer may not consume. Going live pushes the producers to viewers.
    const recv = await request<{ id: string }>(viewer.socket, 'createWebRtcTransport', { direction: 'recv' })
    if (!recv.ok) throw new Error(recv.error.message)
    const early = await request(viewer.socket, 'consume', { transportId: recv.data.id, producerId: produced.data.producerId })
    expect(early).toMatchObject({ ok: false, error: { code: 'live_not_live', message: '论坛当前不在直播中。' } })
    const live = new Promise<{ status: string; producers: { producerId: string; name: string; source: string }[] }>((resolve) => viewer.socket.once('liveStatus', resolve))
    expect(await request(mod.socket, 'setLiveStatus', { status: 'LIVE' })).toEqual({ ok: true, data: {} })
    expect(await live).toEqual({ status: 'LIVE', producers: [expect.objectContaining({ producerId: produced.data.producerId, name: '周敏', source: 'camera' })] })

    const consumed = await request<{ consumerId: string; type: string; kind: string }>(viewer.socket, 'consume', { transportId: recv.data.id, producerId: produced.data.producerId, spatialLayer: 0 })
    if (!consumed.ok) throw new Error(consumed.error.message)
    expect(consumed.data).toMatchObject({ type: 'simulcast', kind: 'video' })
    expect(await request(viewer.socket, 'resumeConsumer', { consumerId: consumed.data.consumerId })).toEqual({ ok: true, data: {} })
    expect(await request(viewer.socket, 'setConsumerPreferredLayers', { consumerId: consumed.data.consumerId, spatialLayer: 2 })).toEqual({ ok: true, data: {} })
    expect(await request(viewer.socket, 'resumeConsumer', { consumerId: 'no-such-consumer' })).toMatchObject({ ok: false, error: { code: 'not_found' } })

    // The moderator leaving closes the producer, and viewers hear about it.
    const closed = new Promise((resolve) => viewer.socket.once('producerClosed', resolve))
    mod.socket.disconnect()
    expect(await closed).toEqual({ producerId: produced.data.producerId })
  })

  test('viewers are counted for the stage', async () => {
    const forumId = `forum${process.pid}count${seq++}`
    const mod = await joined({ forumId, role: 'moderator', name: '周敏' })
    const counted = new Promise<{ viewers: number }>((resolve) => mod.socket.on('viewerCount', (c: { viewers: number }) => c.viewers === 2 && resolve(c)))
    await joined({ forumId })
    await joined({ forumId })
    expect(await counted).toEqual({ viewers: 2 })
  })

  test('a speaker sent off stage cannot come back as a speaker on the same socket', async () => {
    const forumId = `forum${process.pid}off${seq++}`
    const mod = await joined({ forumId, role: 'moderator', name: '周敏' })
    const speaker = await joined({ forumId, role: 'speaker', name: '林晓峰', userId: `speaker${seq++}` })
    const told = new Promise((resolve) => speaker.socket.once('rejoin', resolve))
    const userId = (await signalling.rooms.list()).find((r) => r.peers.has(speaker.join.peerId))!.peers.get(speaker.join.peerId)!.userId
    expect((await request(mod.socket, 'removeFromStage', { userId })).ok).toBe(true)
    expect(await told).toEqual({ reason: 'role_changed' })
    // A client that ignores the push and joins again on the same socket is a viewer now.
    const again = await request<{ role: string }>(speaker.socket, 'join', { rtpCapabilities: speaker.caps })
    expect(again).toMatchObject({ ok: true, data: { role: 'viewer' } })
    expect(await request(speaker.socket, 'createWebRtcTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'live_not_on_stage' } })
  })

  test('a token for one forum never reaches another forum', async () => {
    const a = await joined({ forumId: `forum${process.pid}a${seq++}`, role: 'moderator', name: 'A' })
    const b = await joined({ forumId: `forum${process.pid}b${seq++}` })
    const rooms = await signalling.rooms.list()
    const ofA = rooms.find((r) => r.peers.has(a.join.peerId))!
    const ofB = rooms.find((r) => r.peers.has(b.join.peerId))!
    expect(ofA).not.toBe(ofB)
    expect(ofA.peers.has(b.join.peerId)).toBe(false)
  })
})
