import { randomUUID } from 'node:crypto'
import type { Namespace, Server, Socket } from 'socket.io'
import type { types } from 'mediasoup'
import type { LiveTokenClaims } from '../../app/domain/live-token.ts'
import type { AppLocale } from '../../app/domain/locale.ts'
import { AppError, isAppError } from '../../app/utils/app-error.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { LiveGate, reachesOtherNodes, sharedOrLocalLimit, withinLimit, type LiveAccessCheck } from '../../app/utils/live-handshake.server.ts'
import type { RateLimit } from '../../app/utils/rate-limit.server.ts'
import { logger } from '../../app/utils/logger.server.ts'
import { ackError, isAck, replyWith } from '../../app/utils/socket-ack.server.ts'
import type { MediaConfig } from '../config.ts'
import type { Audience, Broadcast, Room } from '../room.ts'
import { RoomRegistry } from '../rooms.ts'
import type { WorkerPool } from '../worker-pool.ts'
import { requestSchemas, type ChatStore, type PushEvents, type RequestName } from '../../app/schemas/live-signalling.ts'

const log = logger.child({ component: 'signalling' })

export const MEDIA_NAMESPACE = '/media'

type SocketData = { claims: LiveTokenClaims; locale: AppLocale; handshakeAt: number; room?: Room; lastChatAt?: number }
type MediaSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>

/** Who is muted in each forum's chat; every node keeps a copy (serverSideEmit keeps them in step). */
type ChatState = {
  muted: Map<string, Set<string>>
  setMuted: (forumId: string, userId: string, muted: boolean, broadcast: boolean) => void
  /** Resolves once the forum's kept mutes are in `muted` (at once when the chat is not kept). */
  ready: (forumId: string) => Promise<void>
}
type Context = { socket: MediaSocket; claims: LiveTokenClaims; rooms: RoomRegistry; nsp: Namespace; chat: ChatState; counts: ViewerCounts; store?: ChatStore; chatLimit: RateLimit; gate: LiveGate }
type Handler<N extends RequestName> = (ctx: Context, input: NonNullable<ReturnType<(typeof requestSchemas)[N]['parse']>>) => Promise<unknown> | unknown

const audienceRoom = (forumId: string, audience: Exclude<Audience, 'all'>) => `live:${forumId}:${audience}`
/** Chat reaches every node (through the Redis adapter when REDIS_URL is set). */
const chatRoom = (forumId: string) => `chat:${forumId}`
/** One chat message a second per socket (checked here) and per person across sockets and nodes (the shared limit). */
const CHAT_INTERVAL_MS = 1000
/** Messages a socket gets on connecting, when the chat is kept. */
const CHAT_HISTORY = 50

function requireModeratorClaims(ctx: Context) {
  if (ctx.claims.role !== 'moderator') throw new AppError('forbidden', 'Moderators only')
}

/** The room this socket has joined; guard for every request after `join`. */
function joined(ctx: Context): Room {
  const room = ctx.socket.data.room
  if (!room || room.closed) throw new AppError('conflict', 'Join the room first')
  return room
}

async function openRoom(ctx: Context): Promise<Room> {
  return ctx.rooms.getOrCreate(ctx.claims.forumId, { status: ctx.claims.status, at: ctx.claims.iat * 1000 })
}

function detach(socket: MediaSocket) {
  const room = socket.data.room
  if (!room) return
  socket.data.room = undefined
  void socket.leave(audienceRoom(room.forumId, 'stage'))
  void socket.leave(audienceRoom(room.forumId, 'viewers'))
}

/**
 * One handler table, as in mediasoup's demo. Guards throw AppErrors; `run` turns any
 * throw into an error ack. Handlers act for the socket's own peer (its id is the peer id),
 * in the one forum its token names.
 */
const handlers: { [N in RequestName]: Handler<N> } = {
  getRouterRtpCapabilities: async (ctx) => (await openRoom(ctx)).rtpCapabilities,

  join: async (ctx, { rtpCapabilities }) => {
    if (ctx.socket.data.room && !ctx.socket.data.room.closed) throw new AppError('conflict', 'Already joined')
    const room = await openRoom(ctx)
    const { socket, claims } = ctx
    const reply = await room.join({
      peerId: socket.id,
      userId: claims.userId,
      role: claims.role,
      name: claims.name,
      rtpCapabilities: rtpCapabilities as types.RtpCapabilities,
      notify: (event, data) => {
        // A peer told to rejoin is no longer in this room: the next `join` builds anew.
        if (event === 'rejoin' && socket.data.room === room) detach(socket)
        // Sent off stage: this socket's token no longer speaks for a speaker.
        if (event === 'rejoin' && (data as PushEvents['rejoin']).reason === 'role_changed') {
          void ctx.gate.changeRole(socket as unknown as Socket, socket.data.claims, 'viewer')
          socket.data.claims = { ...socket.data.claims, role: 'viewer' }
        }
        const emit = socket.emit as (event: string, payload: unknown) => boolean
        emit.call(socket, event, data)
      },
    })
    socket.data.room = room
    await socket.join(audienceRoom(room.forumId, claims.role === 'viewer' ? 'viewers' : 'stage'))
    return { ...reply, viewers: reply.viewers + ctx.counts.remote(room.forumId) }
  },

  leave: (ctx) => {
    const room = ctx.socket.data.room
    detach(ctx.socket)
    room?.leave(ctx.socket.id)
    return {}
  },

  createWebRtcTransport: (ctx, input) => joined(ctx).createWebRtcTransport(ctx.socket.id, input),
  connectWebRtcTransport: async (ctx, input) => {
    await joined(ctx).connectWebRtcTransport(ctx.socket.id, { transportId: input.transportId, dtlsParameters: input.dtlsParameters as types.DtlsParameters })
    return {}
  },
  restartIce: (ctx, input) => joined(ctx).restartIce(ctx.socket.id, input),
  produce: (ctx, input) => joined(ctx).produce(ctx.socket.id, { ...input, rtpParameters: input.rtpParameters as unknown as types.RtpParameters }),
  closeProducer: (ctx, input) => (joined(ctx).closeProducer(ctx.socket.id, input), {}),
  pauseProducer: async (ctx, input) => (await joined(ctx).pauseProducer(ctx.socket.id, input), {}),
  resumeProducer: async (ctx, input) => (await joined(ctx).resumeProducer(ctx.socket.id, input), {}),
  consume: (ctx, input) => joined(ctx).consume(ctx.socket.id, input),
  resumeConsumer: async (ctx, input) => (await joined(ctx).resumeConsumer(ctx.socket.id, input), {}),
  pauseConsumer: async (ctx, input) => (await joined(ctx).pauseConsumer(ctx.socket.id, input), {}),
  setConsumerPreferredLayers: async (ctx, input) => (await joined(ctx).setConsumerPreferredLayers(ctx.socket.id, input), {}),
  requestConsumerKeyFrame: async (ctx, input) => (await joined(ctx).requestConsumerKeyFrame(ctx.socket.id, input), {}),
  setLiveStatus: (ctx, input) => (joined(ctx).setLiveStatus(ctx.socket.id, input), {}),
  muteProducer: async (ctx, input) => (await joined(ctx).muteProducer(ctx.socket.id, input), {}),
  removeFromStage: (ctx, input) => joined(ctx).removeFromStage(ctx.socket.id, input),
  inviteToStage: (ctx, input) => joined(ctx).inviteToStage(ctx.socket.id, input),

  chatSend: async (ctx, { text }) => {
    const { claims, socket } = ctx
    await ctx.chat.ready(claims.forumId)
    if (ctx.chat.muted.get(claims.forumId)?.has(claims.userId)) throw new AppError('live_chat_muted', 'Muted in this chat')
    // The forum is over: the chat is closed, but for its moderators (a last word, a correction).
    const room = ctx.socket.data.room ?? (await ctx.rooms.get(claims.forumId))
    if (room?.liveStatus === 'ENDED' && claims.role !== 'moderator') throw new AppError('live_forum_ended', 'This forum has ended')
    const now = Date.now()
    if (socket.data.lastChatAt && now - socket.data.lastChatAt < CHAT_INTERVAL_MS) throw new AppError('rate_limited', 'One message a second')
    socket.data.lastChatAt = now
    // Per person: twenty sockets on one token still get one message a second between them.
    if (!(await withinLimit(ctx.chatLimit, claims.userId))) throw new AppError('rate_limited', 'One message a second')
    const message = { messageId: randomUUID(), userId: claims.userId, name: claims.name, role: claims.role, text, at: new Date(now).toISOString() }
    ctx.nsp.to(chatRoom(claims.forumId)).emit('chatMessage', message satisfies PushEvents['chatMessage'])
    ctx.store?.save(claims.forumId, message)
    return { messageId: message.messageId }
  },
  chatDelete: async (ctx, { messageId }) => {
    requireModeratorClaims(ctx)
    await ctx.store?.remove(ctx.claims.forumId, messageId, ctx.claims.userId)
    ctx.nsp.to(chatRoom(ctx.claims.forumId)).emit('chatDeleted', { messageId } satisfies PushEvents['chatDeleted'])
    return {}
  },
  chatMute: async (ctx, { userId, muted }) => {
    requireModeratorClaims(ctx)
    await ctx.store?.setMuted(ctx.claims.forumId, userId, muted, ctx.claims.userId)
    ctx.chat.setMuted(ctx.claims.forumId, userId, muted, true)
    ctx.nsp.to(chatRoom(ctx.claims.forumId)).emit('chatMuted', { userId, muted } satisfies PushEvents['chatMuted'])
    return {}
  },
}

/**
 * Viewers per forum summed over the nodes. Each node counts the viewers of its own room and
 * tells the others (serverSideEmit through the adapter) when the count changes and every
 * ANNOUNCE_MS; a node that stops announcing drops out after STALE_MS. The stage sockets of
 * each node get the total. Without an adapter that reaches other nodes, the total is local.
 */
const ANNOUNCE_MS = 10_000
const STALE_MS = 3 * ANNOUNCE_MS
class ViewerCounts {
  private readonly node = randomUUID()
  private readonly local = new Map<string, number>()
  private readonly remotes = new Map<string, Map<string, { viewers: number; at: number }>>()
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly nsp: Namespace) {
    nsp.on('viewerCount', (node: unknown, forumId: unknown, viewers: unknown) => {
      if (typeof node !== 'string' || node === this.node || typeof forumId !== 'string' || typeof viewers !== 'number') return
      const perNode = this.remotes.get(forumId) ?? new Map<string, { viewers: number; at: number }>()
      perNode.set(node, { viewers, at: Date.now() })
      this.remotes.set(forumId, perNode)
      this.push(forumId)
    })
  }

  /** Viewers of the forum on the other nodes. */
  remote(forumId: string): number {
    let sum = 0
    for (const [node, entry] of this.remotes.get(forumId) ?? []) {
      if (Date.now() - entry.at > STALE_MS) this.remotes.get(forumId)!.delete(node)
      else sum += entry.viewers
    }
    return sum
  }

  total(forumId: string): number {
    return (this.local.get(forumId) ?? 0) + this.remote(forumId)
  }

  setLocal(forumId: string, viewers: number) {
    this.local.set(forumId, viewers)
    this.announce(forumId, viewers)
    this.push(forumId)
  }

  private announce(forumId: string, viewers: number) {
    // The in-memory adapter (one node) has no other nodes to tell.
    if (reachesOtherNodes(this.nsp)) this.nsp.serverSideEmit('viewerCount', this.node, forumId, viewers)
  }

  private push(forumId: string) {
    this.nsp.local.to(audienceRoom(forumId, 'stage')).emit('viewerCount', { viewers: this.total(forumId) } satisfies PushEvents['viewerCount'])
  }

  /** Re-announces every ANNOUNCE_MS; a forum whose room closed here is announced as 0 once. */
  start(rooms: RoomRegistry) {
    this.timer = setInterval(() => {
      void rooms.list().then((open) => {
        const live = new Map(open.map((r) => [r.forumId, r.viewers] as const))
        for (const forumId of this.local.keys()) if (!live.has(forumId)) live.set(forumId, 0)
        for (const [forumId, viewers] of live) {
          this.announce(forumId, viewers)
          if (viewers === 0) this.local.delete(forumId)
          else this.local.set(forumId, viewers)
        }
      })
    }, ANNOUNCE_MS)
    this.timer.unref()
  }

  stop() {
    clearInterval(this.timer)
  }
}

/** mediasoup's own errors: a TypeError is a bad request, an InvalidStateError a race with a close. */
function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error
  const name = (error as Error)?.name
  if (name === 'TypeError') return new AppError('bad_request', (error as Error).message)
  if (name === 'InvalidStateError') return new AppError('conflict', (error as Error).message)
  return new AppError('internal', 'Unexpected error')
}

async function run(ctx: Context, name: RequestName, payload: unknown, ack: unknown) {
  if (!isAck(ack)) return // a request without an ack callback is not ours to answer
  const schema = requestSchemas[name]
  const parsed = schema.safeParse(payload ?? undefined)
  if (!parsed.success) {
    return ack(ackError(ctx.socket.data.locale, new AppError('validation_failed', `Invalid ${name} payload`)))
  }
  await replyWith(ack, ctx.socket.data.locale, async () => (await (handlers[name] as Handler<typeof name>)(ctx, parsed.data as never)) ?? {}, {
    log,
    context: { request: name, forumId: ctx.claims.forumId, peerId: ctx.socket.id },
    failed: 'media request failed',
    refused: 'media request refused',
    toAppError: asAppError,
  })
}

export type MediaSignalling = { rooms: RoomRegistry; namespace: Namespace; gate: LiveGate; close: () => Promise<void> }

/**
 * The `/media` namespace on the app's socket.io server. A socket gets in only with a
 * valid join token in `handshake.auth.token` (signed by the app for one forum and one
 * role) whose access still holds (`LiveGate`: revocations, the database when the app runs
 * the signalling, the handshake limit per token and the cap of sockets per person);
 * otherwise the connection is refused with a translated `connect_error`.
 */
export function attachMediaSignalling(
  io: Server,
  deps: {
    pool: WorkerPool
    config: Pick<MediaConfig, 'listenIp' | 'announcedAddress' | 'viewersPerRouter'>
    tokenSecret: () => string
    now?: () => number
    idleCloseMs?: number
    /** Keeps the chat (history for late joiners, mutes across restarts); without it the chat is live only. */
    chatStore?: ChatStore
    /** Re-checks a token's access in the database at every handshake (the app wires it; a standalone media server has no database). */
    checkAccess?: LiveAccessCheck
    /** The store of the shared limits (chat per person, handshakes per token) when REDIS_URL is unset. */
    db?: Db
    maxSocketsPerUser?: number
  },
): MediaSignalling {
  const nsp = io.of(MEDIA_NAMESPACE) as unknown as Namespace
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000))
  const gate = new LiveGate(nsp, { tokenSecret: deps.tokenSecret, now, checkAccess: deps.checkAccess, db: deps.db, maxSocketsPerUser: deps.maxSocketsPerUser })
  const chatLimit = sharedOrLocalLimit({ name: 'live-chat', points: 1, durationSec: CHAT_INTERVAL_MS / 1000 }, deps.db)
  const counts = new ViewerCounts(nsp)
  const broadcastFor =
    (forumId: string): Broadcast =>
    (audience, event, data, exceptPeerId) => {
      // The stage sees every viewer of the forum, on this node and the others.
      if (event === 'viewerCount') return counts.setLocal(forumId, (data as PushEvents['viewerCount']).viewers)
      const targets = audience === 'all' ? [audienceRoom(forumId, 'stage'), audienceRoom(forumId, 'viewers')] : [audienceRoom(forumId, audience)]
      // Local only: a room's media state lives in this process, so its pushes must not
      // reach another node's sockets through the Redis adapter (their rooms are other rooms).
      let op = nsp.local.to(targets)
      if (exceptPeerId) op = op.except(exceptPeerId)
      op.emit(event, data as PushEvents[typeof event])
    }
  const rooms = new RoomRegistry(deps.pool, deps.config, broadcastFor, deps.idleCloseMs)
  const muted = new Map<string, Set<string>>()
  const mutesLoading = new Map<string, Promise<void>>()
  const chat: ChatState = {
    muted,
    ready(forumId) {
      const store = deps.chatStore
      if (!store) return Promise.resolve()
      let loading = mutesLoading.get(forumId)
      if (!loading) {
        loading = store.muted(forumId).then(
          (userIds) => {
            for (const userId of userIds) chat.setMuted(forumId, userId, true, false)
          },
          (error: unknown) => {
            mutesLoading.delete(forumId) // try again with the next request
            log.error({ err: error, forumId }, 'chat mutes not loaded')
          },
        )
        mutesLoading.set(forumId, loading)
      }
      return loading
    },
    setMuted(forumId, userId, on, broadcast) {
      const set = muted.get(forumId) ?? new Set<string>()
      if (on) set.add(userId)
      else set.delete(userId)
      if (set.size > 0) muted.set(forumId, set)
      else muted.delete(forumId)
      // The in-memory adapter (one node) has no other nodes to tell.
      if (broadcast && reachesOtherNodes(nsp)) nsp.serverSideEmit('chatMute', forumId, userId, on)
    },
  }
  nsp.on('chatMute', (forumId: string, userId: string, on: boolean) => chat.setMuted(forumId, userId, on, false))

  nsp.use((socket, next) => {
    const handshakeAt = Date.now()
    gate.check(socket).then(
      (verdict) => {
        if (!verdict.ok) {
          log.info({ reason: verdict.reason, ip: socket.handshake.address }, 'media connection refused')
          return next(verdict.refusal)
        }
        ;(socket as unknown as MediaSocket).data = { claims: verdict.claims, locale: verdict.locale, handshakeAt }
        next()
      },
      (error: unknown) => {
        log.error({ err: error }, 'media handshake failed')
        next(new Error('handshake failed'))
      },
    )
  })

  nsp.on('connection', (raw) => {
    const socket = raw as unknown as MediaSocket
    // Claims are read through the socket: sent off stage, the same socket is a viewer's from then on.
    const ctx: Context = {
      socket,
      get claims() {
        return socket.data.claims
      },
      rooms,
      nsp,
      chat,
      counts,
      store: deps.chatStore,
      chatLimit,
      gate,
    }
    void gate.enter(raw, ctx.claims, socket.data.handshakeAt)
    void socket.join(chatRoom(ctx.claims.forumId))
    if (deps.chatStore) void sendChatHistory(socket, deps.chatStore, ctx.claims.forumId)
    for (const name of Object.keys(requestSchemas) as RequestName[]) {
      socket.on(
        name as never,
        ((payload: unknown, ack: unknown) => {
          // Payload-less requests may be sent as emit(name, ack).
          if (typeof payload === 'function' && ack === undefined) return void run(ctx, name, undefined, payload)
          void run(ctx, name, payload, ack)
        }) as never,
      )
    }
    socket.on('disconnect', () => {
      const room = socket.data.room
      detach(socket)
      room?.leave(socket.id)
    })
  })

  /** The latest messages and the mutes of the forum, for a socket that just connected. */
  async function sendChatHistory(socket: MediaSocket, store: ChatStore, forumId: string) {
    try {
      await chat.ready(forumId)
      const messages = await store.recent(forumId, CHAT_HISTORY)
      const emit = socket.emit as (event: string, payload: unknown) => boolean
      emit.call(socket, 'chatHistory', { messages, muted: [...(muted.get(forumId) ?? [])] } satisfies PushEvents['chatHistory'])
    } catch (error) {
      log.error({ err: error, forumId }, 'chat history not sent')
    }
  }

  counts.start(rooms)
  return {
    rooms,
    namespace: nsp,
    gate,
    close: async () => {
      counts.stop()
      await rooms.closeAll()
      nsp.disconnectSockets(true)
    },
  }
}
