import type { Device, types as ms } from 'mediasoup-client'
import type { Socket } from 'socket.io-client'
import { spatialLayerFor } from '~/domain/live-stage.ts'
import { MEDIA_SOCKET_QUERY } from '~/domain/process-layout.ts'
import type { LiveRole } from '~/domain/live-token.ts'
import type { Ack, ChatMessage, ConsumeReply, JoinReply, LiveStatus, MediaSource, ProducerInfo, PushEvents, RequestName, RequestPayload, StagePeer, TransportReply } from '~/schemas/live-signalling.ts'

/**
 * The browser side of the live stage: one socket.io connection to `/media`, a mediasoup
 * Device, a receive transport (and a send transport on stage). It follows mediasoup's
 * demo client: consumers are created paused on the server and resumed once they exist
 * here; the simulcast layer follows the rendered size of each video. It heals itself:
 * a dropped socket reconnects with a fresh token, a failed ICE connection restarts ICE,
 * and a `rejoin` push (the room was rebuilt on another worker) runs the join sequence
 * again, re-producing the local tracks, without reloading the page.
 */

export type RemoteMedia = {
  producerId: string
  consumerId: string
  peerId: string
  name: string
  kind: 'audio' | 'video'
  source: MediaSource
  track: MediaStreamTrack
  paused: boolean
}

export type LocalProducer = { source: MediaSource; producerId: string; paused: boolean; mutedByModerator: boolean }

export type StageState = {
  connection: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'closed'
  error: { code: string; message: string } | null
  role: LiveRole | null
  peerId: string | null
  liveStatus: LiveStatus | null
  stage: StagePeer[]
  viewers: number
  activeSpeaker: { peerId: string; producerId: string } | null
  remote: RemoteMedia[]
  local: { tracks: Partial<Record<MediaSource, MediaStreamTrack>>; producers: LocalProducer[] }
  invited: boolean
  /** The latest chat messages of the forum (kept across reconnects, never stored). */
  chat: ChatMessage[]
  chatMuted: string[]
}

export class StageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Capture width the layers are cut from (1/4, 1/2, full). */
const CAPTURE_WIDTH = 1280
const SIMULCAST: ms.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
]

export type StageClientOptions = {
  /** A fresh join token for this forum (the first connect may use `initialToken`). */
  getToken: () => Promise<string>
  initialToken?: string
  locale: string
  /** Socket.io origin; the page's own by default. */
  url?: string
  /**
   * The HLS tier (issue 12): keep the connection for the chat and the pushes, but never join
   * the room's media (no router seat, no transports): the picture comes from HLS.
   */
  signallingOnly?: boolean
}

/** Before any connection. State is replaced, never mutated, so one shared value is safe. */
export const IDLE_STAGE_STATE: StageState = {
  connection: 'idle',
  error: null,
  role: null,
  peerId: null,
  liveStatus: null,
  stage: [],
  viewers: 0,
  activeSpeaker: null,
  remote: [],
  local: { tracks: {}, producers: [] },
  invited: false,
  chat: [],
  chatMuted: [],
}

type Listener = (state: StageState) => void

/** Opt-in trace of the join sequence: `localStorage.liveDebug = '1'` in the browser's console. */
function trace(...args: unknown[]) {
  try {
    if (typeof localStorage !== 'undefined' && localStorage.getItem('liveDebug') === '1') console.info('[live]', ...args)
  } catch {
    // storage blocked: no trace
  }
}

export class StageClient {
  private socket?: Socket
  private device?: Device
  private sendTransport?: ms.Transport
  private recvTransport?: ms.Transport
  private readonly consumers = new Map<string, { consumer: ms.Consumer; info: ProducerInfo; layer: number | null }>()
  private readonly pendingConsumes = new Set<string>()
  /** Producers announced while there was no receive transport yet (mid-join): consumed once it exists. */
  private readonly announced = new Map<string, ProducerInfo>()
  private readonly producers = new Map<MediaSource, ms.Producer>()
  private readonly localTracks: Partial<Record<MediaSource, MediaStreamTrack>> = {}
  private readonly mutedByModerator = new Set<string>()
  private generation = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private retries = 0
  private tokenRefusals = 0
  private closed = false
  private readonly listeners = new Set<Listener>()
  state: StageState = IDLE_STAGE_STATE

  constructor(private readonly options: StageClientOptions) {}

  subscribe = (listener: Listener) => {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  getState = () => this.state

  private set(patch: Partial<StageState>) {
    this.state = { ...this.state, ...patch }
    for (const l of this.listeners) l(this.state)
  }

  private refreshMedia() {
    this.set({
      remote: [...this.consumers.values()].map(({ consumer, info }) => ({
        producerId: info.producerId,
        consumerId: consumer.id,
        peerId: info.peerId,
        name: info.name,
        kind: info.kind,
        source: info.source,
        track: consumer.track,
        paused: info.paused,
      })),
      local: {
        tracks: { ...this.localTracks },
        producers: [...this.producers.entries()].map(([source, p]) => ({ source, producerId: p.id, paused: p.paused, mutedByModerator: this.mutedByModerator.has(p.id) })),
      },
    })
  }

  private stopWatchingNetwork: () => void = () => {}

  async start() {
    const { io } = await import('socket.io-client')
    if (this.closed) return
    let first = this.options.initialToken
    const socket = io(`${this.options.url ?? ''}/media`, {
      transports: ['websocket'],
      // A connection of its own, marked: with several HTTP processes, the one it lands on hands it to the media process.
      forceNew: true,
      query: MEDIA_SOCKET_QUERY,
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
      auth: (cb) => {
        const locale = this.options.locale
        const token = first
        first = undefined
        if (token) return cb({ token, locale })
        this.options.getToken().then(
          (fresh) => cb({ token: fresh, locale }),
          (error: Error) => {
            this.set({ connection: 'refused', error: { code: (error as StageError).code ?? 'unavailable', message: error.message } })
            cb({ token: '', locale })
          },
        )
      },
    })
    this.socket = socket
    // The stage has a connection of its own (not shared with /interaction and /attendance), so it
    // must notice a lost network itself rather than wait for a ping timeout: the browser says so.
    const dropOnOffline = () => socket.io.engine?.close()
    window.addEventListener('offline', dropOnOffline)
    this.stopWatchingNetwork = () => window.removeEventListener('offline', dropOnOffline)
    this.set({ connection: 'connecting' })
    socket.on('connect', () => {
      this.tokenRefusals = 0
      if (this.options.signallingOnly) this.set({ connection: 'connected', error: null })
      else void this.join()
    })
    socket.on('disconnect', (reason) => {
      this.teardownMedia()
      if (this.closed) return
      this.set({ connection: 'reconnecting' })
      // The server only hangs up on purpose; come back with a fresh token.
      if (reason === 'io server disconnect') setTimeout(() => !this.closed && socket.connect(), 300)
    })
    socket.on('connect_error', (error: Error & { data?: { code: string; message: string } }) => {
      if (!error.data) return // the network: socket.io retries by itself
      // No fresh token to be had (say, the registration was cancelled): that reason stands.
      if (this.state.connection === 'refused') return
      // Refused by the server (a token that expired while we were away): one retry with a fresh token.
      if (this.tokenRefusals++ < 1) return void socket.connect()
      this.set({ connection: 'refused', error: error.data })
    })
    this.on('newProducer', (info) => {
      trace('newProducer', info.kind, info.source)
      void this.consume(info)
    })
    this.on('producerClosed', ({ producerId }) => {
      this.announced.delete(producerId)
      this.dropConsumer(producerId)
    })
    this.on('producerPaused', ({ producerId, byModerator }) => {
      const remote = this.consumers.get(producerId)
      if (remote) remote.info = { ...remote.info, paused: true }
      if (byModerator && [...this.producers.values()].some((p) => p.id === producerId)) {
        this.mutedByModerator.add(producerId)
        const own = [...this.producers.values()].find((p) => p.id === producerId)
        own?.pause()
      }
      this.refreshMedia()
    })
    this.on('producerResumed', ({ producerId }) => {
      const remote = this.consumers.get(producerId)
      if (remote) remote.info = { ...remote.info, paused: false }
      this.refreshMedia()
    })
    this.on('peerJoined', (peer) => this.set({ stage: [...this.state.stage.filter((p) => p.peerId !== peer.peerId), peer] }))
    this.on('peerClosed', ({ peerId }) => this.set({ stage: this.state.stage.filter((p) => p.peerId !== peerId) }))
    this.on('viewerCount', ({ viewers }) => this.set({ viewers }))
    this.on('activeSpeaker', (activeSpeaker) => this.set({ activeSpeaker }))
    this.on('liveStatus', ({ status, producers }) => {
      this.set({ liveStatus: status })
      if (status === 'LIVE') for (const p of producers) void this.consume(p)
      else if (this.state.role === 'viewer') for (const id of [...this.consumers.keys()]) this.dropConsumer(id)
    })
    this.on('consumerLayersChanged', () => undefined)
    this.on('rejoin', ({ reason }) => {
      trace('rejoin', reason)
      // Off stage: a fresh token (now a viewer's) and a new connection.
      if (reason === 'role_changed') {
        for (const source of ['camera', 'mic', 'screen'] as const) this.localTracks[source]?.stop()
        for (const source of ['camera', 'mic', 'screen'] as const) delete this.localTracks[source]
        return this.reconnect()
      }
      if (this.options.signallingOnly) return
      this.teardownMedia()
      this.set({ connection: 'reconnecting' })
      void this.join()
    })
    this.on('stageInvited', () => this.set({ invited: true }))
    this.on('chatMessage', (message) => this.set({ chat: [...this.state.chat, message].slice(-200) }))
    // On every (re)connect: the kept history, merged with what this page already shows.
    this.on('chatHistory', ({ messages, muted }) => {
      const byId = new Map([...messages, ...this.state.chat].map((m) => [m.messageId, m]))
      this.set({ chat: [...byId.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(-200), chatMuted: muted })
    })
    this.on('chatDeleted', ({ messageId }) => this.set({ chat: this.state.chat.filter((m) => m.messageId !== messageId) }))
    this.on('chatMuted', ({ userId, muted }) => this.set({ chatMuted: muted ? [...new Set([...this.state.chatMuted, userId])] : this.state.chatMuted.filter((u) => u !== userId) }))
  }

  private on<E extends keyof PushEvents>(event: E, handler: (data: PushEvents[E]) => void) {
    this.socket!.on(event as string, handler as (data: unknown) => void)
  }

  private async request<T>(name: RequestName, payload?: RequestPayload<RequestName>): Promise<T> {
    const socket = this.socket
    if (!socket?.connected) throw new StageError('unavailable', 'Not connected')
    const reply = (await socket.timeout(10_000).emitWithAck(name, payload ?? {})) as Ack<T>
    if (!reply.ok) throw new StageError(reply.error.code, reply.error.message)
    return reply.data
  }

  /** getRouterRtpCapabilities → load the Device → join → transports → produce/consume. */
  private async join() {
    clearTimeout(this.retryTimer)
    const gen = ++this.generation
    trace('join: start', gen)
    try {
      const routerRtpCapabilities = await this.request<ms.RtpCapabilities>('getRouterRtpCapabilities')
      const { Device } = await import('mediasoup-client')
      const device = new Device()
      await device.load({ routerRtpCapabilities })
      if (gen !== this.generation) return
      this.device = device
      const joined = await this.request<JoinReply>('join', { rtpCapabilities: device.recvRtpCapabilities as RequestPayload<'join'>['rtpCapabilities'] })
      if (gen !== this.generation) return
      this.set({
        role: joined.role,
        peerId: joined.peerId,
        liveStatus: joined.liveStatus,
        stage: joined.stage,
        viewers: joined.viewers,
        activeSpeaker: joined.activeSpeaker,
        error: null,
        invited: joined.role === 'viewer' && this.state.invited,
      })
      this.recvTransport = await this.createTransport('recv', gen)
      if (joined.role !== 'viewer') {
        this.sendTransport = await this.createTransport('send', gen)
        // After a rebuild the stage comes back by itself: re-produce what was on.
        for (const source of ['camera', 'mic', 'screen'] as const) if (this.localTracks[source]) await this.produceLocal(source)
      }
      if (gen !== this.generation) return
      // What the join reply listed, and what was announced while the transports were being made
      // (a speaker who re-produced meanwhile, typically right after a rebuild): without the latter
      // a viewer could wait on a stage that is already live.
      const toConsume = new Map(joined.producers.map((p) => [p.producerId, p]))
      for (const [id, info] of this.announced) toConsume.set(id, info)
      this.announced.clear()
      await Promise.all([...toConsume.values()].map((p) => this.consume(p)))
      this.retries = 0
      trace('join: done', gen, joined.role, `${joined.producers.length} producers`)
      this.set({ connection: 'connected' })
    } catch (error) {
      if (gen !== this.generation || this.closed) return
      const e = error as StageError
      console.warn('[live] join failed, retrying', e.code ?? '', e.message)
      // The room may be mid-rebuild (a worker just died): try again shortly.
      this.set({ connection: 'reconnecting', error: e.code ? { code: e.code, message: e.message } : null })
      const delay = Math.min(250 * 2 ** this.retries++, 3000)
      this.retryTimer = setTimeout(() => {
        if (this.socket?.connected && gen === this.generation) {
          this.teardownMedia()
          void this.join()
        }
      }, delay)
    }
  }

  private async createTransport(direction: 'send' | 'recv', gen: number): Promise<ms.Transport> {
    const info = await this.request<TransportReply>('createWebRtcTransport', { direction })
    if (gen !== this.generation || !this.device) throw new StageError('conflict', 'stale')
    const options = info as unknown as ms.TransportOptions
    const transport = direction === 'send' ? this.device.createSendTransport(options) : this.device.createRecvTransport(options)
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as RequestPayload<'connectWebRtcTransport'>['dtlsParameters'] }).then(
        () => callback(),
        errback,
      )
    })
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.request<{ producerId: string }>('produce', {
          transportId: transport.id,
          kind,
          rtpParameters: rtpParameters as unknown as RequestPayload<'produce'>['rtpParameters'],
          source: (appData as { source: MediaSource }).source,
        }).then(({ producerId }) => callback({ id: producerId }), errback)
      })
    }
    let iceRestarts = 0
    transport.on('connectionstatechange', (state) => {
      trace(direction, 'transport', state)
      if (state === 'connected') iceRestarts = 0
      if ((state === 'failed' || state === 'disconnected') && gen === this.generation) {
        // The network changed under us: restart ICE; if that keeps failing, rejoin.
        if (iceRestarts++ < 2) {
          this.request<{ iceParameters: ms.IceParameters }>('restartIce', { transportId: transport.id }).then(
            ({ iceParameters }) => transport.restartIce({ iceParameters }),
            () => undefined,
          )
        } else if (state === 'failed') {
          this.teardownMedia()
          void this.join()
        }
      }
    })
    return transport
  }

  private async consume(info: ProducerInfo) {
    const transport = this.recvTransport
    if (!transport) {
      // Mid-join: join() consumes it once the receive transport exists.
      this.announced.set(info.producerId, info)
      return
    }
    if (this.consumers.has(info.producerId) || this.pendingConsumes.has(info.producerId)) return
    const gen = this.generation
    this.pendingConsumes.add(info.producerId)
    try {
      const reply = await this.request<ConsumeReply>('consume', { transportId: transport.id, producerId: info.producerId, spatialLayer: info.kind === 'video' ? 1 : undefined })
      if (gen !== this.generation) return
      const consumer = await transport.consume({ id: reply.consumerId, producerId: reply.producerId, kind: reply.kind, rtpParameters: reply.rtpParameters as ms.RtpParameters })
      if (gen !== this.generation) return consumer.close()
      this.consumers.set(info.producerId, { consumer, info: { ...info, paused: reply.producerPaused }, layer: info.kind === 'video' ? 1 : null })
      await this.request('resumeConsumer', { consumerId: consumer.id })
      trace('consumer resumed', info.kind, info.source)
      this.refreshMedia()
      if (info.kind === 'video') void this.kickUntilFrames(consumer, gen)
    } catch {
      // The producer closed meanwhile, or the forum paused: nothing to show.
    } finally {
      this.pendingConsumes.delete(info.producerId)
    }
  }

  /**
   * A video consumer that has decoded nothing a moment after resuming (its key frame went
   * by before it existed, typically right after a rebuild) asks the SFU for a key frame,
   * a few times at most.
   */
  private async kickUntilFrames(consumer: ms.Consumer, gen: number) {
    for (const waitMs of [700, 1000, 1500, 2000]) {
      await new Promise((r) => setTimeout(r, waitMs))
      if (consumer.closed || gen !== this.generation) return
      let decoded = 0
      const stats = await consumer.getStats().catch(() => null)
      stats?.forEach((s: { type: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp') decoded += s.framesDecoded ?? 0
      })
      if (decoded > 0) return
      trace('no frames yet: asking for a key frame')
      await this.request('requestConsumerKeyFrame', { consumerId: consumer.id }).catch(() => undefined)
    }
  }

  private dropConsumer(producerId: string) {
    const entry = this.consumers.get(producerId)
    if (!entry) return
    entry.consumer.close()
    this.consumers.delete(producerId)
    this.refreshMedia()
  }

  /** Asks for the simulcast layer that fits a video rendered `widthPx` device pixels wide. */
  setRenderedWidth(producerId: string, widthPx: number) {
    const entry = this.consumers.get(producerId)
    if (!entry || entry.info.kind !== 'video') return
    const layer = spatialLayerFor(widthPx, CAPTURE_WIDTH)
    if (layer === entry.layer) return
    entry.layer = layer
    void this.request('setConsumerPreferredLayers', { consumerId: entry.consumer.id, spatialLayer: layer }).catch(() => undefined)
  }

  // Producing (stage only) ---------------------------------------------------------

  async startCamera() {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
      video: { width: { ideal: CAPTURE_WIDTH }, height: { ideal: 720 }, frameRate: { ideal: 24, max: 30 } },
    })
    this.localTracks.camera = stream.getVideoTracks()[0]
    this.localTracks.mic = stream.getAudioTracks()[0]
    this.refreshMedia()
    await this.produceLocal('camera')
    await this.produceLocal('mic')
  }

  async shareScreen() {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false })
    const track = stream.getVideoTracks()[0]
    if (!track) return
    this.localTracks.screen = track
    track.addEventListener('ended', () => void this.stop(['screen']))
    this.refreshMedia()
    await this.produceLocal('screen')
  }

  async stop(sources: MediaSource[]) {
    for (const source of sources) {
      const producer = this.producers.get(source)
      if (producer) {
        producer.close()
        this.producers.delete(source)
        await this.request('closeProducer', { producerId: producer.id }).catch(() => undefined)
      }
      this.localTracks[source]?.stop()
      delete this.localTracks[source]
    }
    this.refreshMedia()
  }

  async toggleMute(source: MediaSource) {
    const producer = this.producers.get(source)
    if (!producer) return
    if (producer.paused) {
      producer.resume()
      this.mutedByModerator.delete(producer.id)
      await this.request('resumeProducer', { producerId: producer.id })
    } else {
      producer.pause()
      await this.request('pauseProducer', { producerId: producer.id })
    }
    this.refreshMedia()
  }

  private async produceLocal(source: MediaSource) {
    const track = this.localTracks[source]
    const transport = this.sendTransport
    if (!track || !transport || this.producers.has(source)) return
    trace('produce', source)
    const producer = await transport.produce({
      track,
      encodings: source === 'mic' ? undefined : SIMULCAST,
      codecOptions: source === 'mic' ? { opusStereo: false, opusDtx: true, opusFec: true } : { videoGoogleStartBitrate: 1000 },
      stopTracks: false,
      appData: { source },
    })
    this.producers.set(source, producer)
    this.refreshMedia()
  }

  // Moderation ---------------------------------------------------------------------

  setLiveStatus(status: LiveStatus) {
    return this.request('setLiveStatus', { status })
  }
  muteProducer(producerId: string) {
    return this.request('muteProducer', { producerId })
  }
  removeFromStage(userId: string) {
    return this.request('removeFromStage', { userId })
  }
  inviteToStage(userId: string) {
    return this.request('inviteToStage', { userId })
  }

  sendChat(text: string) {
    return this.request<{ messageId: string }>('chatSend', { text })
  }
  deleteChat(messageId: string) {
    return this.request('chatDelete', { messageId })
  }
  muteInChat(userId: string, muted: boolean) {
    return this.request('chatMute', { userId, muted })
  }

  /** Reconnects with a fresh token (after an invitation on stage, the token says speaker). */
  reconnect() {
    this.set({ invited: false })
    this.socket?.disconnect()
    this.socket?.connect()
  }

  // Teardown -----------------------------------------------------------------------

  private teardownMedia() {
    this.generation++
    clearTimeout(this.retryTimer)
    for (const { consumer } of this.consumers.values()) consumer.close()
    this.consumers.clear()
    this.pendingConsumes.clear()
    this.announced.clear()
    for (const producer of this.producers.values()) producer.close()
    this.producers.clear()
    this.sendTransport?.close()
    this.recvTransport?.close()
    this.sendTransport = undefined
    this.recvTransport = undefined
    this.device = undefined
    this.set({ stage: [], activeSpeaker: null, peerId: null })
    this.refreshMedia()
  }

  close() {
    this.closed = true
    this.stopWatchingNetwork()
    this.teardownMedia()
    for (const track of Object.values(this.localTracks)) track?.stop()
    for (const key of Object.keys(this.localTracks) as MediaSource[]) delete this.localTracks[key]
    this.socket?.removeAllListeners()
    this.socket?.disconnect()
    this.set({ connection: 'closed' })
  }
}
