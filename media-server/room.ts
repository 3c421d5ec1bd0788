import { EventEmitter } from 'node:events'
import type { types } from 'mediasoup'
import type { LiveRole } from '../app/domain/live-token.ts'
import { AppError } from '../app/utils/app-error.ts'
import { logger } from '../app/utils/logger.server.ts'
import { announcedAddressFor, mediaCodecs, type MediaConfig } from './config.ts'
import { placeViewer } from './fan-out.ts'
import { Peer, type Notify, type RouterSlot, type TransportDirection } from './peer.ts'
import type { ConsumeReply, JoinReply, LiveStatus, MediaSource, ProducerInfo, PushEvents, StagePeer, TransportReply } from '../app/schemas/live-signalling.ts'
import type { WorkerPool } from './worker-pool.ts'

const log = logger.child({ component: 'room' })

export type Audience = 'stage' | 'viewers' | 'all'
/** Pushes an event to a whole audience of the room (socket.io rooms, so it crosses nodes). */
export type Broadcast = <E extends keyof PushEvents>(audience: Audience, event: E, data: PushEvents[E], exceptPeerId?: string) => void

export type RoomOptions = {
  forumId: string
  pool: WorkerPool
  config: Pick<MediaConfig, 'listenIp' | 'announcedAddress' | 'viewersPerRouter'>
  broadcast: Broadcast
  liveStatus: LiveStatus
  /** When `liveStatus` was true (ms); newer statements replace it, older ones are ignored. */
  statusAt: number
  /** A room nobody joins within this time closes itself. */
  idleCloseMs?: number
}

export type RoomCloseReason = 'empty' | 'worker_died' | 'shutdown'

type ProducerEntry = { producer: types.Producer; peer: Peer; source: MediaSource }

/** A stage rarely has more than a handful of people, each with camera, microphone and screen. */
const MAX_CONSUMERS_PER_PEER = 48

/**
 * One live forum, as in mediasoup's demo: it owns its routers and the Maps of peers,
 * producers and consumers. Stage producers live on the stage router; viewers are spread
 * over routers on other workers (fan-out.ts) that receive the stage through
 * `pipeToRouter`. Closing cascades (room → routers → transports → producers/consumers),
 * the last peer to leave closes the room, and if the stage router's worker dies the room
 * closes and tells every peer to rejoin, which builds a new room on a live worker.
 */
/**
 * Events for the broadcaster (media-server/broadcast/): `stage` when what the stage sends
 * changes (a producer added, closed, paused or resumed), `status` when the live status changes.
 */
export type RoomEvents = { close: [RoomCloseReason]; stage: []; status: [LiveStatus] }

export class Room extends EventEmitter<RoomEvents> {
  readonly peers = new Map<string, Peer>()
  private readonly producers = new Map<string, ProducerEntry>()
  private readonly slots = new Map<string, RouterSlot>()
  private readonly pipes = new Map<string, Promise<void>>()
  private placing: Promise<unknown> = Promise.resolve()
  private activeSpeaker: { peerId: string; producerId: string } | null = null
  private viewerCountTimer: NodeJS.Timeout | undefined
  private idleTimer: NodeJS.Timeout | undefined
  closed = false
  liveStatus: LiveStatus
  private statusAt: number

  /** The newest status statement this room holds, and when it was true (ms). */
  get statusStatement(): { status: LiveStatus; at: number } {
    return { status: this.liveStatus, at: this.statusAt }
  }

  static async create(options: RoomOptions): Promise<Room> {
    let worker: types.Worker
    try {
      worker = options.pool.next()
    } catch {
      // Every worker is dead and none is replaced yet: the client retries shortly.
      throw new AppError('unavailable', 'No live mediasoup worker')
    }
    const router = await worker.createRouter({ mediaCodecs, appData: { forumId: options.forumId } })
    const observer = await router.createActiveSpeakerObserver({ interval: 300 })
    return new Room(options, { router, worker, viewers: 0, stage: true, pipeConsumers: new Set() }, observer)
  }

  private constructor(
    private readonly options: RoomOptions,
    readonly stage: RouterSlot,
    private readonly speakerObserver: types.ActiveSpeakerObserver,
  ) {
    super()
    this.liveStatus = options.liveStatus
    this.statusAt = options.statusAt
    this.addSlot(stage)
    speakerObserver.on('dominantspeaker', ({ producer }) => {
      const entry = this.producers.get(producer.id)
      if (!entry) return
      this.activeSpeaker = { peerId: entry.peer.id, producerId: producer.id }
      this.options.broadcast('all', 'activeSpeaker', this.activeSpeaker)
    })
    this.scheduleIdleClose()
    log.info({ forumId: options.forumId, workerPid: stage.worker.pid }, 'room created')
  }

  get forumId() {
    return this.options.forumId
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.stage.router.rtpCapabilities
  }

  /** The stage's producers as the broadcaster sees them (stage order). */
  stageProducers(): { producer: types.Producer; peerId: string; source: MediaSource }[] {
    return [...this.producers.values()].map((e) => ({ producer: e.producer, peerId: e.peer.id, source: e.source }))
  }

  get activeSpeakerPeerId(): string | null {
    return this.activeSpeaker?.peerId ?? null
  }

  get viewers(): number {
    let n = 0
    for (const peer of this.peers.values()) if (!peer.onStage) n++
    return n
  }

  /** A live-status statement from a freshly signed token: taken only if newer than ours. */
  offerStatus(status: LiveStatus, at: number) {
    if (at > this.statusAt) this.applyStatus(status, at)
  }

  async join(input: { peerId: string; userId: string; role: LiveRole; name: string; rtpCapabilities: types.RtpCapabilities; notify: Notify }): Promise<JoinReply> {
    this.assertOpen()
    if (this.peers.has(input.peerId)) throw new AppError('conflict', 'Already joined')
    const slot = input.role === 'viewer' ? await this.slotForViewer() : this.stage
    if (this.closed) throw new AppError('unavailable', 'Room closed while joining')
    const peer = new Peer(input.peerId, input.userId, input.role, input.role === 'viewer' ? '' : input.name, slot, input.rtpCapabilities, input.notify)
    this.peers.set(peer.id, peer)
    clearTimeout(this.idleTimer)
    if (peer.onStage) this.options.broadcast('stage', 'peerJoined', this.stagePeer(peer), peer.id)
    else this.scheduleViewerCount()
    log.info({ forumId: this.forumId, peerId: peer.id, userId: peer.userId, role: peer.role, routerId: slot.router.id }, 'peer joined')
    return {
      peerId: peer.id,
      role: peer.role,
      liveStatus: this.liveStatus,
      stage: [...this.peers.values()].filter((p) => p.onStage).map((p) => this.stagePeer(p)),
      producers: this.consumableFor(peer),
      activeSpeaker: this.activeSpeaker,
      viewers: this.viewers,
    }
  }

  leave(peerId: string) {
    const peer = this.peers.get(peerId)
    if (!peer) return
    this.removePeer(peer)
    log.info({ forumId: this.forumId, peerId }, 'peer left')
    if (this.peers.size === 0) this.close('empty')
  }

  async createWebRtcTransport(peerId: string, { direction, forceTcp = false }: { direction: TransportDirection; forceTcp?: boolean }): Promise<TransportReply> {
    const peer = this.peer(peerId)
    if (direction === 'send' && !peer.onStage) throw new AppError('live_not_on_stage', 'Only the stage may send media')
    if (peer.transports.size >= 4) throw new AppError('conflict', 'Too many transports')
    const webRtcServer = this.options.pool.webRtcServerOf(peer.slot.worker)
    const common = { enableUdp: !forceTcp, enableTcp: true, preferUdp: !forceTcp, initialAvailableOutgoingBitrate: 1_000_000, appData: { direction } }
    const announcedAddress = announcedAddressFor(this.options.config)
    const transport = webRtcServer
      ? await peer.slot.router.createWebRtcTransport({ ...common, webRtcServer })
      : await peer.slot.router.createWebRtcTransport({
          ...common,
          listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: this.options.config.listenIp, announcedAddress })),
        })
    if (peer.closed) {
      transport.close()
      throw new AppError('conflict', 'Peer left')
    }
    if (direction === 'send') await transport.setMaxIncomingBitrate(3_000_000)
    peer.transports.set(transport.id, transport)
    transport.observer.once('close', () => peer.transports.delete(transport.id))
    return { id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters }
  }

  /**
   * A PlainTransport for a peer: never offered to browsers; tests and the bench use it to
   * send and receive RTP (optionally SRTP) without a WebRTC stack.
   */
  async createPlainTransport(
    peerId: string,
    {
      direction,
      enableSrtp = false,
      srtpCryptoSuite,
      recvBufferSize,
      rtcpMux = true,
    }: {
      direction: TransportDirection
      enableSrtp?: boolean
      srtpCryptoSuite?: types.SrtpCryptoSuite
      recvBufferSize?: number
      /** false for senders such as ffmpeg that send RTCP from a socket of its own. */ rtcpMux?: boolean
    },
  ): Promise<types.PlainTransport> {
    const peer = this.peer(peerId)
    if (direction === 'send' && !peer.onStage) throw new AppError('live_not_on_stage', 'Only the stage may send media')
    const transport = await peer.slot.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1', recvBufferSize },
      rtcpMux,
      comedia: direction === 'send',
      enableSrtp,
      srtpCryptoSuite,
      appData: { direction },
    })
    peer.transports.set(transport.id, transport)
    transport.observer.once('close', () => peer.transports.delete(transport.id))
    return transport
  }

  async connectWebRtcTransport(peerId: string, { transportId, dtlsParameters }: { transportId: string; dtlsParameters: types.DtlsParameters }) {
    const transport = this.peer(peerId).transport(transportId)
    if (transport.type !== 'webrtc') throw new AppError('bad_request', 'Not a WebRTC transport')
    await (transport as unknown as types.WebRtcTransport).connect({ dtlsParameters })
  }

  async restartIce(peerId: string, { transportId }: { transportId: string }) {
    const transport = this.peer(peerId).transport(transportId)
    if (transport.type !== 'webrtc') throw new AppError('bad_request', 'Not a WebRTC transport')
    return { iceParameters: await (transport as unknown as types.WebRtcTransport).restartIce() }
  }

  async produce(peerId: string, input: { transportId: string; kind: types.MediaKind; rtpParameters: types.RtpParameters; source: MediaSource }): Promise<{ producerId: string }> {
    const peer = this.peer(peerId)
    if (!peer.onStage) throw new AppError('live_not_on_stage', 'Only the stage may send media')
    if ((input.source === 'mic') !== (input.kind === 'audio')) throw new AppError('bad_request', `A ${input.source} source cannot be ${input.kind}`)
    for (const p of peer.producers.values()) {
      if ((p.appData as { source: MediaSource }).source === input.source) throw new AppError('conflict', `Already sending ${input.source}`)
    }
    const transport = peer.transport(input.transportId, 'send')
    const producer = await transport.produce({ kind: input.kind, rtpParameters: input.rtpParameters, appData: { peerId: peer.id, source: input.source } })
    if (this.closed || peer.closed) {
      producer.close()
      throw new AppError('conflict', 'Peer left')
    }
    const entry: ProducerEntry = { producer, peer, source: input.source }
    peer.producers.set(producer.id, producer)
    this.producers.set(producer.id, entry)
    producer.observer.once('close', () => this.onProducerClosed(entry))
    if (producer.kind === 'audio') await this.speakerObserver.addProducer({ producerId: producer.id }).catch(() => undefined)
    // Pipe eagerly, so viewers on other workers don't wait for the pipe when they consume.
    for (const slot of this.slots.values()) if (!slot.stage) void this.pipe(producer.id, slot).catch((err) => log.warn({ err, forumId: this.forumId }, 'pipe failed'))
    const info = this.producerInfo(entry)
    this.options.broadcast('stage', 'newProducer', info, peer.id)
    if (this.liveStatus === 'LIVE') this.options.broadcast('viewers', 'newProducer', info)
    log.info({ forumId: this.forumId, peerId: peer.id, producerId: producer.id, kind: producer.kind, source: input.source }, 'producer created')
    this.emit('stage')
    return { producerId: producer.id }
  }

  closeProducer(peerId: string, { producerId }: { producerId: string }) {
    const peer = this.peer(peerId)
    const entry = this.producers.get(producerId)
    if (!entry) throw new AppError('not_found', `No producer ${producerId}`)
    if (entry.peer !== peer && peer.role !== 'moderator') throw new AppError('forbidden', 'Not your producer')
    entry.producer.close()
  }

  async pauseProducer(peerId: string, { producerId }: { producerId: string }) {
    const producer = this.peer(peerId).producer(producerId)
    await producer.pause()
    this.options.broadcast('stage', 'producerPaused', { producerId, byModerator: false })
    this.emit('stage')
  }

  async resumeProducer(peerId: string, { producerId }: { producerId: string }) {
    const producer = this.peer(peerId).producer(producerId)
    await producer.resume()
    this.options.broadcast('stage', 'producerResumed', { producerId })
    this.emit('stage')
  }

  async consume(peerId: string, input: { transportId: string; producerId: string; spatialLayer?: number }): Promise<ConsumeReply> {
    const peer = this.peer(peerId)
    const entry = this.producers.get(input.producerId)
    if (!entry) throw new AppError('not_found', `No producer ${input.producerId}`)
    if (entry.peer === peer) throw new AppError('bad_request', 'Cannot consume your own producer')
    if (!peer.onStage && this.liveStatus !== 'LIVE') throw new AppError('live_not_live', 'The forum is not live')
    const transport = peer.transport(input.transportId, 'recv')
    // One consumer per producer per peer, and a bound on the total, so a client cannot make
    // the worker duplicate a stream over and over.
    for (const c of peer.consumers.values()) if (c.producerId === input.producerId) throw new AppError('conflict', 'Already consuming that producer')
    if (peer.consumers.size >= MAX_CONSUMERS_PER_PEER) throw new AppError('conflict', 'Too many consumers')
    await this.pipe(input.producerId, peer.slot)
    if (!peer.slot.router.canConsume({ producerId: input.producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new AppError('bad_request', 'This device cannot receive that media')
    }
    // Created paused, as in mediasoup's demo: the client resumes once its consumer exists,
    // so the first packets (and the keyframe the resume requests) are not lost.
    const consumer = await transport.consume({
      producerId: input.producerId,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      enableRtx: true,
      ignoreDtx: true,
      preferredLayers: input.spatialLayer !== undefined ? { spatialLayer: input.spatialLayer } : undefined,
      appData: { producerPeerId: entry.peer.id, source: entry.source },
    })
    if (peer.closed) {
      consumer.close()
      throw new AppError('conflict', 'Peer left')
    }
    peer.consumers.set(consumer.id, consumer)
    consumer.observer.once('close', () => peer.consumers.delete(consumer.id))
    consumer.on('layerschange', (layers) => peer.notify('consumerLayersChanged', { consumerId: consumer.id, spatialLayer: layers?.spatialLayer ?? null }))
    return {
      consumerId: consumer.id,
      producerId: input.producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
      source: entry.source,
      peerId: entry.peer.id,
    }
  }

  async resumeConsumer(peerId: string, { consumerId }: { consumerId: string }) {
    await this.peer(peerId).consumer(consumerId).resume()
  }

  async pauseConsumer(peerId: string, { consumerId }: { consumerId: string }) {
    await this.peer(peerId).consumer(consumerId).pause()
  }

  async setConsumerPreferredLayers(peerId: string, { consumerId, spatialLayer, temporalLayer }: { consumerId: string; spatialLayer: number; temporalLayer?: number }) {
    const consumer = this.peer(peerId).consumer(consumerId)
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return
    await consumer.setPreferredLayers({ spatialLayer, temporalLayer })
  }

  async requestConsumerKeyFrame(peerId: string, { consumerId }: { consumerId: string }) {
    await this.peer(peerId).consumer(consumerId).requestKeyFrame()
  }

  // Moderation ------------------------------------------------------------------

  /** A moderator's statement of the forum's status (after the app has stored it). */
  setLiveStatus(peerId: string, { status }: { status: LiveStatus }) {
    this.moderator(peerId)
    this.applyStatus(status, Date.now())
  }

  async muteProducer(peerId: string, { producerId }: { producerId: string }) {
    this.moderator(peerId)
    const entry = this.producers.get(producerId)
    if (!entry) throw new AppError('not_found', `No producer ${producerId}`)
    await entry.producer.pause()
    this.options.broadcast('stage', 'producerPaused', { producerId, byModerator: true })
    this.emit('stage')
  }

  /** Sends a speaker back to the audience: their producers close and they rejoin as viewers. */
  removeFromStage(peerId: string, { userId }: { userId: string }) {
    this.moderator(peerId)
    const targets = [...this.peers.values()].filter((p) => p.userId === userId && p.role === 'speaker')
    for (const peer of targets) this.evict(peer, 'role_changed')
    return { removed: targets.length }
  }

  /** Tells an invited person's open players to come up (the app has stored the invitation). */
  inviteToStage(peerId: string, { userId }: { userId: string }) {
    this.moderator(peerId)
    const targets = [...this.peers.values()].filter((p) => p.userId === userId && !p.onStage)
    for (const peer of targets) peer.notify('stageInvited', { forumId: this.forumId })
    return { notified: targets.length }
  }

  // Lifecycle -------------------------------------------------------------------

  close(reason: RoomCloseReason) {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.viewerCountTimer)
    clearTimeout(this.idleTimer)
    for (const peer of this.peers.values()) {
      if (reason !== 'empty') peer.notify('rejoin', { reason: reason === 'worker_died' ? 'worker_died' : 'room_closed' })
      peer.close()
    }
    this.peers.clear()
    for (const slot of this.slots.values()) if (!slot.router.closed) slot.router.close()
    this.slots.clear()
    this.producers.clear()
    log.info({ forumId: this.forumId, reason }, 'room closed')
    this.emit('close', reason)
  }

  /** For the test hook and logs: where the room's routers run. */
  describe() {
    return {
      forumId: this.forumId,
      liveStatus: this.liveStatus,
      stageWorkerPid: this.stage.worker.pid,
      routers: [...this.slots.values()].map((s) => ({ routerId: s.router.id, workerPid: s.worker.pid, viewers: s.viewers, stage: s.stage })),
      peers: this.peers.size,
      producers: this.producers.size,
    }
  }

  // Internals -------------------------------------------------------------------

  private assertOpen() {
    if (this.closed) throw new AppError('unavailable', 'Room closed')
  }

  private peer(peerId: string): Peer {
    this.assertOpen()
    const peer = this.peers.get(peerId)
    if (!peer) throw new AppError('conflict', 'Join the room first')
    return peer
  }

  private moderator(peerId: string): Peer {
    const peer = this.peer(peerId)
    if (peer.role !== 'moderator') throw new AppError('forbidden', 'Moderators only')
    return peer
  }

  private stagePeer(peer: Peer): StagePeer {
    return { peerId: peer.id, userId: peer.userId, role: peer.role as StagePeer['role'], name: peer.name }
  }

  private producerInfo(entry: ProducerEntry): ProducerInfo {
    return {
      producerId: entry.producer.id,
      peerId: entry.peer.id,
      userId: entry.peer.userId,
      name: entry.peer.name,
      kind: entry.producer.kind,
      source: entry.source,
      paused: entry.producer.paused,
    }
  }

  private consumableFor(peer: Peer): ProducerInfo[] {
    if (!peer.onStage && this.liveStatus !== 'LIVE') return []
    return [...this.producers.values()].filter((e) => e.peer !== peer).map((e) => this.producerInfo(e))
  }

  private applyStatus(status: LiveStatus, at: number) {
    const before = this.liveStatus
    this.liveStatus = status
    this.statusAt = at
    if (before === status) return
    if (status !== 'LIVE') {
      for (const peer of this.peers.values()) if (!peer.onStage) for (const consumer of [...peer.consumers.values()]) consumer.close()
    }
    const producers = status === 'LIVE' ? [...this.producers.values()].map((e) => this.producerInfo(e)) : []
    this.options.broadcast('all', 'liveStatus', { status, producers })
    log.info({ forumId: this.forumId, from: before, to: status }, 'live status')
    this.emit('status', status)
  }

  private onProducerClosed(entry: ProducerEntry) {
    const id = entry.producer.id
    this.producers.delete(id)
    entry.peer.producers.delete(id)
    if (this.closed) return
    if (this.activeSpeaker?.producerId === id) {
      this.activeSpeaker = null
      this.options.broadcast('all', 'activeSpeaker', null)
    }
    this.options.broadcast('all', 'producerClosed', { producerId: id })
    this.emit('stage')
  }

  private removePeer(peer: Peer) {
    this.peers.delete(peer.id)
    peer.close()
    if (peer.onStage) {
      this.options.broadcast('stage', 'peerClosed', { peerId: peer.id })
      return
    }
    peer.slot.viewers--
    if (!peer.slot.stage && peer.slot.viewers <= 0) this.closeSlot(peer.slot)
    this.scheduleViewerCount()
  }

  private evict(peer: Peer, reason: PushEvents['rejoin']['reason']) {
    peer.notify('rejoin', { reason })
    this.removePeer(peer)
    if (this.peers.size === 0) this.scheduleIdleClose()
  }

  private addSlot(slot: RouterSlot) {
    this.slots.set(slot.router.id, slot)
    slot.router.on('workerclose', () => this.onSlotWorkerClosed(slot))
  }

  private closeSlot(slot: RouterSlot) {
    this.slots.delete(slot.router.id)
    for (const c of slot.pipeConsumers) c.close()
    if (!slot.router.closed) slot.router.close()
  }

  private onSlotWorkerClosed(slot: RouterSlot) {
    if (this.closed) return
    log.warn({ forumId: this.forumId, workerPid: slot.worker.pid, stage: slot.stage }, 'worker of a room router died')
    if (slot.stage) return this.close('worker_died')
    this.slots.delete(slot.router.id)
    for (const c of slot.pipeConsumers) c.close()
    for (const peer of [...this.peers.values()]) if (peer.slot === slot) this.evict(peer, 'worker_died')
  }

  /** Placement is serialised, so two viewers arriving together never open two routers on one worker. */
  private slotForViewer(): Promise<RouterSlot> {
    const run = this.placing.then(() => this.placeViewerNow())
    this.placing = run.catch(() => undefined)
    return run
  }

  private async placeViewerNow(): Promise<RouterSlot> {
    this.assertOpen()
    const slots = [...this.slots.values()]
    const used = new Set(slots.map((s) => s.worker))
    const free = this.options.pool.live().filter((w) => !used.has(w))
    const placement = placeViewer(
      slots.map((s) => ({ routerId: s.router.id, viewers: s.viewers })),
      this.options.config.viewersPerRouter,
      free.length > 0,
    )
    const slot = placement.kind === 'existing' ? this.slots.get(placement.routerId)! : await this.openViewerRouter(used)
    slot.viewers++
    return slot
  }

  private async openViewerRouter(used: Set<types.Worker>): Promise<RouterSlot> {
    let worker: types.Worker | undefined
    for (let i = 0; i < this.options.pool.size && !worker; i++) {
      const candidate = this.options.pool.next()
      if (!used.has(candidate)) worker = candidate
    }
    if (!worker) throw new AppError('unavailable', 'No free worker')
    const router = await worker.createRouter({ mediaCodecs, appData: { forumId: this.forumId } })
    if (this.closed) {
      router.close()
      throw new AppError('unavailable', 'Room closed')
    }
    const slot: RouterSlot = { router, worker, viewers: 0, stage: false, pipeConsumers: new Set() }
    this.addSlot(slot)
    for (const id of this.producers.keys()) void this.pipe(id, slot).catch((err) => log.warn({ err, forumId: this.forumId }, 'pipe failed'))
    log.info({ forumId: this.forumId, routerId: router.id, workerPid: worker.pid }, 'viewer router opened')
    return slot
  }

  /** Pipes a stage producer into a viewer router once; concurrent callers share the promise. */
  private pipe(producerId: string, slot: RouterSlot): Promise<void> {
    if (slot.stage) return Promise.resolve()
    const key = `${producerId}:${slot.router.id}`
    let pending = this.pipes.get(key)
    if (!pending) {
      pending = this.stage.router.pipeToRouter({ producerId, router: slot.router }).then(({ pipeConsumer, pipeProducer }) => {
        if (pipeConsumer) {
          slot.pipeConsumers.add(pipeConsumer)
          pipeConsumer.observer.once('close', () => slot.pipeConsumers.delete(pipeConsumer))
        }
        pipeProducer?.observer.once('close', () => this.pipes.delete(key))
      })
      pending.catch(() => this.pipes.delete(key))
      this.pipes.set(key, pending)
    }
    return pending
  }

  private scheduleViewerCount() {
    if (this.viewerCountTimer || this.closed) return
    this.viewerCountTimer = setTimeout(() => {
      this.viewerCountTimer = undefined
      if (!this.closed) this.options.broadcast('stage', 'viewerCount', { viewers: this.viewers })
    }, 1000)
    this.viewerCountTimer.unref()
  }

  private scheduleIdleClose() {
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      if (this.peers.size === 0) this.close('empty')
    }, this.options.idleCloseMs ?? 30_000)
    this.idleTimer.unref()
  }
}
