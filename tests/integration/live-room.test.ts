import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Broadcast, Room } from '../../media-server/room.ts'
import { RoomRegistry } from '../../media-server/rooms.ts'
import type { PushEvents } from '../../app/schemas/live-signalling.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { AUDIO_LEVEL_EXT_ID, AUDIO_LEVEL_URI, startRtpSender, startRtpSink, waitFor } from '../helpers/rtp.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * Rooms against two real mediasoup workers: media really flows (plain RTP in through a
 * PlainTransport producer, out through PlainTransport consumers), fan-out pipes the stage
 * to a router on the other worker, closing cascades, and a dead worker makes every peer
 * rejoin a room rebuilt on a live worker.
 */
let pool: WorkerPool
const pushes: { forumId: string; audience: string; event: string; data: unknown }[] = []
const broadcastFor =
  (forumId: string): Broadcast =>
  (audience, event, data) =>
    void pushes.push({ forumId, audience, event, data })
let rooms: RoomRegistry
const cleanups: (() => void)[] = []

beforeAll(async () => {
  pool = await WorkerPool.start({ workers: 2, logLevel: 'error', ...mediaPorts('live-room'), listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000 })
})
afterAll(() => pool.close())
afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  await rooms?.closeAll()
  pushes.length = 0
})

let forumSeq = 0
function newRegistry(viewersPerRouter: number) {
  rooms = new RoomRegistry(pool, { listenIp: '127.0.0.1', viewersPerRouter }, broadcastFor)
  return rooms
}
const forum = () => `forum-${process.pid}-${forumSeq++}`

type Received = { event: keyof PushEvents; data: unknown }[]
async function joinAs(room: Room, peerId: string, role: 'viewer' | 'speaker' | 'moderator') {
  const received: Received = []
  const reply = await room.join({
    peerId,
    userId: `user-${peerId}`,
    role,
    name: role === 'viewer' ? '' : `Name ${peerId}`,
    rtpCapabilities: room.rtpCapabilities,
    notify: (event, data) => void received.push({ event, data }),
  })
  return { reply, received }
}

/** A stage peer sending plain RTP audio (with audio levels) into a producer. */
async function produceAudio(room: Room, peerId: string, ssrc: number) {
  const transport = await room.createPlainTransport(peerId, { direction: 'send' })
  const { producerId } = await room.produce(peerId, {
    transportId: transport.id,
    kind: 'audio',
    source: 'mic',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc }],
      headerExtensions: [{ uri: AUDIO_LEVEL_URI, id: AUDIO_LEVEL_EXT_ID }],
    },
  })
  const sender = await startRtpSender({ port: transport.tuple.localPort, payloadType: 100, ssrc, clockRate: 48000, packetsPerSecond: 50, payloadBytes: 60, audioLevel: 20 })
  cleanups.push(() => sender.stop())
  return { producerId, transport, sender }
}

/** A peer consuming a producer into a UDP sink; resolves with the sink that counts packets. */
async function consumeInto(room: Room, peerId: string, producerId: string) {
  const sink = await startRtpSink()
  cleanups.push(() => sink.close())
  const transport = await room.createPlainTransport(peerId, { direction: 'recv' })
  await transport.connect({ ip: '127.0.0.1', port: sink.port })
  const consumer = await room.consume(peerId, { transportId: transport.id, producerId })
  return { sink, consumer, transport }
}

describe('a room on real workers', () => {
  test('RTP sent into a stage producer reaches a viewer only after the consumer is resumed', async () => {
    const room = await newRegistry(100).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const { producerId } = await produceAudio(room, 'mod', 1111)
    const viewer = await joinAs(room, 'v1', 'viewer')
    expect(viewer.reply.producers.map((p) => p.producerId)).toEqual([producerId])
    const { sink, consumer } = await consumeInto(room, 'v1', producerId)
    // Consumers are created paused: nothing flows yet.
    await new Promise((r) => setTimeout(r, 300))
    expect(sink.packets).toBe(0)
    await room.resumeConsumer('v1', { consumerId: consumer.consumerId })
    await waitFor(() => sink.packets >= 10, 5000, 'RTP at the viewer')
    // A second consumer of the same stream is refused.
    const again = await room.createPlainTransport('v1', { direction: 'recv' })
    await expect(room.consume('v1', { transportId: again.id, producerId })).rejects.toMatchObject({ code: 'conflict' })
  })

  test('the active-speaker observer names the peer whose microphone is loud', async () => {
    const room = await newRegistry(100).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const { producerId } = await produceAudio(room, 'mod', 2222)
    await waitFor(() => pushes.some((p) => p.event === 'activeSpeaker'), 8000, 'an activeSpeaker push')
    expect(pushes.find((p) => p.event === 'activeSpeaker')).toMatchObject({ audience: 'all', data: { peerId: 'mod', producerId } })
  })

  test('past the threshold a viewer lands on a router on the other worker, fed through pipeToRouter', async () => {
    const room = await newRegistry(1).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const { producerId } = await produceAudio(room, 'mod', 3333)
    await joinAs(room, 'v1', 'viewer')
    await joinAs(room, 'v2', 'viewer')
    const layout = room.describe()
    expect(layout.routers).toHaveLength(2)
    expect(new Set(layout.routers.map((r) => r.workerPid)).size).toBe(2)
    expect(layout.routers.map((r) => r.viewers).sort()).toEqual([1, 1])

    const a = await consumeInto(room, 'v1', producerId)
    const b = await consumeInto(room, 'v2', producerId)
    await room.resumeConsumer('v1', { consumerId: a.consumer.consumerId })
    await room.resumeConsumer('v2', { consumerId: b.consumer.consumerId })
    await waitFor(() => a.sink.packets >= 10 && b.sink.packets >= 10, 5000, 'RTP on both routers')

    // Both workers are in use, so a third viewer overflows onto the least-loaded router.
    await joinAs(room, 'v3', 'viewer')
    expect(room.describe().routers).toHaveLength(2)

    // The viewer router closes once its viewers are gone.
    const viewerRouter = layout.routers.find((r) => !r.stage)!
    for (const id of ['v1', 'v2', 'v3']) room.leave(id)
    expect(room.describe().routers.map((r) => r.routerId)).not.toContain(viewerRouter.routerId)
  })

  test('closing a producer cascades to consumers on every router and is announced', async () => {
    const room = await newRegistry(1).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const { producerId } = await produceAudio(room, 'mod', 4444)
    await joinAs(room, 'v1', 'viewer')
    await joinAs(room, 'v2', 'viewer')
    const a = await consumeInto(room, 'v1', producerId)
    const b = await consumeInto(room, 'v2', producerId)
    expect(a.transport.closed || b.transport.closed).toBe(false)
    room.closeProducer('mod', { producerId })
    expect(pushes).toContainEqual(expect.objectContaining({ event: 'producerClosed', audience: 'all', data: { producerId } }))
    // The consumer on the piped router closes when the pipe producer does, a moment later.
    await waitFor(() => room.peers.get('v1')!.consumers.size === 0 && room.peers.get('v2')!.consumers.size === 0, 3000, 'consumers to close')
  })

  test('the last peer to leave closes the room, its routers and transports', async () => {
    const registry = newRegistry(1)
    const id = forum()
    const room = await registry.getOrCreate(id, { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const send = await room.createPlainTransport('mod', { direction: 'send' })
    await joinAs(room, 'v1', 'viewer')
    await joinAs(room, 'v2', 'viewer')
    const routers = [room.stage.router]
    room.leave('v1')
    room.leave('v2')
    room.leave('mod')
    expect(room.closed).toBe(true)
    expect(routers.every((r) => r.closed)).toBe(true)
    expect(send.closed).toBe(true)
    expect(await registry.get(id)).toBeUndefined()
  })

  test('room creation is serialised: two joins at once share one room', async () => {
    const registry = newRegistry(100)
    const id = forum()
    const [a, b] = await Promise.all([registry.getOrCreate(id, { status: 'OFFLINE', at: 1 }), registry.getOrCreate(id, { status: 'OFFLINE', at: 1 })])
    expect(a).toBe(b)
  })

  test('a room rebuilt after its worker died keeps the newest status, even for clients whose tokens predate "go live"', async () => {
    const registry = newRegistry(100)
    const id = forum()
    const first = await registry.getOrCreate(id, { status: 'OFFLINE', at: 1_000 })
    const moderator = await joinAs(first, 'm1', 'moderator')
    first.setLiveStatus('m1', { status: 'LIVE' })
    expect(moderator.reply.liveStatus).toBe('OFFLINE')
    first.close('worker_died')
    // The viewer rejoins with the token it connected with, signed while the forum was offline.
    const rebuilt = await registry.getOrCreate(id, { status: 'OFFLINE', at: 2_000 })
    expect(rebuilt).not.toBe(first)
    expect(rebuilt.liveStatus).toBe('LIVE')
    // A statement newer than the remembered one still wins (the moderator ended it since).
    rebuilt.close('worker_died')
    const later = await registry.getOrCreate(id, { status: 'ENDED', at: Date.now() + 60_000 })
    expect(later.liveStatus).toBe('ENDED')
  })

  test('the stage is guarded: viewers cannot send, and cannot watch before the forum is live', async () => {
    const room = await newRegistry(100).getOrCreate(forum(), { status: 'OFFLINE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const { producerId } = await produceAudio(room, 'mod', 5555)
    const viewer = await joinAs(room, 'v1', 'viewer')
    expect(viewer.reply.producers).toEqual([])
    await expect(room.createWebRtcTransport('v1', { direction: 'send' })).rejects.toMatchObject({ code: 'live_not_on_stage' })
    await expect(room.createPlainTransport('v1', { direction: 'send' })).rejects.toMatchObject({ code: 'live_not_on_stage' })
    const recv = await room.createPlainTransport('v1', { direction: 'recv' })
    await expect(room.consume('v1', { transportId: recv.id, producerId })).rejects.toMatchObject({ code: 'live_not_live' })
    expect(() => room.setLiveStatus('v1', { status: 'LIVE' })).toThrow(expect.objectContaining({ code: 'forbidden' }))

    // Going live tells viewers which producers to consume; pausing closes their consumers.
    room.setLiveStatus('mod', { status: 'LIVE' })
    expect(pushes).toContainEqual(expect.objectContaining({ event: 'liveStatus', data: { status: 'LIVE', producers: [expect.objectContaining({ producerId, source: 'mic' })] } }))
    await room.consume('v1', { transportId: recv.id, producerId })
    expect(room.peers.get('v1')!.consumers.size).toBe(1)
    room.setLiveStatus('mod', { status: 'PAUSED' })
    expect(room.peers.get('v1')!.consumers.size).toBe(0)
  })

  test('a token issued after the last status change updates the room; an older one does not', async () => {
    const registry = newRegistry(100)
    const id = forum()
    const room = await registry.getOrCreate(id, { status: 'OFFLINE', at: 1000 })
    await registry.getOrCreate(id, { status: 'LIVE', at: 500 })
    expect(room.liveStatus).toBe('OFFLINE')
    await registry.getOrCreate(id, { status: 'LIVE', at: 2000 })
    expect(room.liveStatus).toBe('LIVE')
  })

  test('a moderator removes a speaker from the stage: their producers close and they rejoin as told', async () => {
    const room = await newRegistry(100).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const speaker = await joinAs(room, 'spk', 'speaker')
    const { producerId } = await produceAudio(room, 'spk', 6666)
    await room.muteProducer('mod', { producerId })
    expect(pushes).toContainEqual(expect.objectContaining({ event: 'producerPaused', data: { producerId, byModerator: true } }))
    expect(room.removeFromStage('mod', { userId: 'user-spk' })).toEqual({ removed: 1 })
    expect(speaker.received).toContainEqual({ event: 'rejoin', data: { reason: 'role_changed' } })
    expect(room.peers.has('spk')).toBe(false)
    expect(pushes).toContainEqual(expect.objectContaining({ event: 'producerClosed', data: { producerId } }))
  })
})

describe('when a worker dies', () => {
  test('a viewer router dying sends only its viewers to rejoin; the stage keeps going', async () => {
    const room = await newRegistry(1).getOrCreate(forum(), { status: 'LIVE', at: Date.now() })
    await joinAs(room, 'mod', 'moderator')
    const first = await joinAs(room, 'v1', 'viewer')
    const second = await joinAs(room, 'v2', 'viewer')
    const viewerRouter = room.describe().routers.find((r) => !r.stage)!
    const victim = pool.live().find((w) => w.pid === viewerRouter.workerPid)!
    const replaced = new Promise((resolve) => pool.once('workerReplaced', resolve))
    process.kill(victim.pid, 'SIGKILL')
    const onOtherRouter = [first, second].find((p) => room.peers.get(p.reply.peerId)?.slot.router.id === viewerRouter.routerId)!
    await waitFor(() => onOtherRouter.received.some((r) => r.event === 'rejoin'), 5000, 'rejoin push')
    expect(room.closed).toBe(false)
    expect(room.describe().routers).toHaveLength(1)
    expect(room.peers.size).toBe(2)
    await replaced
  })

  test('the stage worker dying closes the room, tells everyone to rejoin, and the next join lands on a live worker', async () => {
    const registry = newRegistry(100)
    const id = forum()
    const room = await registry.getOrCreate(id, { status: 'LIVE', at: Date.now() })
    const mod = await joinAs(room, 'mod', 'moderator')
    const viewer = await joinAs(room, 'v1', 'viewer')
    const deadPid = room.stage.worker.pid
    const replaced = new Promise((resolve) => pool.once('workerReplaced', resolve))
    const killedAt = Date.now()
    process.kill(deadPid, 'SIGKILL')
    await waitFor(() => room.closed, 5000, 'room to close')
    expect(mod.received).toContainEqual({ event: 'rejoin', data: { reason: 'worker_died' } })
    expect(viewer.received).toContainEqual({ event: 'rejoin', data: { reason: 'worker_died' } })

    const rebuilt = await registry.getOrCreate(id, { status: 'LIVE', at: Date.now() })
    expect(rebuilt).not.toBe(room)
    expect(rebuilt.stage.worker.pid).not.toBe(deadPid)
    await joinAs(rebuilt, 'mod', 'moderator')
    const { producerId } = await produceAudio(rebuilt, 'mod', 7777)
    await joinAs(rebuilt, 'v1', 'viewer')
    const { sink, consumer } = await consumeInto(rebuilt, 'v1', producerId)
    await rebuilt.resumeConsumer('v1', { consumerId: consumer.consumerId })
    await waitFor(() => sink.packets > 0, 5000, 'RTP after the rebuild')
    console.log(`room rebuilt and media flowing ${Date.now() - killedAt} ms after the worker was killed (no browser)`)
    await replaced
  })
})
