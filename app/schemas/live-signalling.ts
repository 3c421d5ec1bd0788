import { z } from 'zod'
import { safeString } from './common.ts'

/**
 * The `/media` socket.io protocol, named as mediasoup names things. Every request is
 * `socket.emit(name, payload, ack)`; every ack is `{ ok: true, data } | { ok: false,
 * error: { code, message } }` with a translated message. The server pushes the events in
 * `PushEvents`. The browser imports only types from here.
 */

const id = safeString().min(1).max(64)
const looseObject = z.object({}).passthrough()

const rtpCodec = z.object({ mimeType: safeString().min(3).max(64), clockRate: z.number().int().positive(), payloadType: z.number().int().min(0).max(127).optional() }).passthrough()

export const rtpCapabilitiesSchema = z.object({
  codecs: z.array(rtpCodec).max(64).optional(),
  headerExtensions: z.array(looseObject).max(64).optional(),
})

const rtpParametersSchema = z
  .object({
    mid: safeString().max(32).optional(),
    codecs: z
      .array(rtpCodec.extend({ payloadType: z.number().int().min(0).max(127) }))
      .min(1)
      .max(8),
    headerExtensions: z.array(looseObject).max(32).optional(),
    encodings: z.array(looseObject).max(4).optional(),
    rtcp: looseObject.optional(),
  })
  .passthrough()

const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: safeString().min(3).max(16), value: safeString().min(8).max(256) }))
    .min(1)
    .max(8),
})

export const SOURCES = ['camera', 'mic', 'screen'] as const
export type MediaSource = (typeof SOURCES)[number]

const empty = z.object({}).strict().optional()

/** Every request the client may send, with its payload schema. */
export const requestSchemas = {
  getRouterRtpCapabilities: empty,
  join: z.object({ rtpCapabilities: rtpCapabilitiesSchema }),
  leave: empty,
  createWebRtcTransport: z.object({ direction: z.enum(['send', 'recv']), forceTcp: z.boolean().optional() }),
  connectWebRtcTransport: z.object({ transportId: id, dtlsParameters: dtlsParametersSchema }),
  restartIce: z.object({ transportId: id }),
  produce: z.object({ transportId: id, kind: z.enum(['audio', 'video']), rtpParameters: rtpParametersSchema, source: z.enum(SOURCES) }),
  closeProducer: z.object({ producerId: id }),
  pauseProducer: z.object({ producerId: id }),
  resumeProducer: z.object({ producerId: id }),
  consume: z.object({ transportId: id, producerId: id, spatialLayer: z.number().int().min(0).max(2).optional() }),
  resumeConsumer: z.object({ consumerId: id }),
  pauseConsumer: z.object({ consumerId: id }),
  setConsumerPreferredLayers: z.object({ consumerId: id, spatialLayer: z.number().int().min(0).max(2), temporalLayer: z.number().int().min(0).max(2).optional() }),
  requestConsumerKeyFrame: z.object({ consumerId: id }),
  // Moderators only.
  setLiveStatus: z.object({ status: z.enum(['OFFLINE', 'LIVE', 'PAUSED', 'ENDED']) }),
  muteProducer: z.object({ producerId: id }),
  removeFromStage: z.object({ userId: id }),
  inviteToStage: z.object({ userId: id }),
  // Chat: forum-wide, across nodes (the Redis adapter); kept in PostgreSQL when the app runs the signalling.
  chatSend: z.object({ text: safeString().trim().min(1).max(500) }),
  chatDelete: z.object({ messageId: id }),
  chatMute: z.object({ userId: id, muted: z.boolean() }),
} as const

export type RequestName = keyof typeof requestSchemas
export type RequestPayload<N extends RequestName> = z.input<(typeof requestSchemas)[N]>

export type AckError = { code: string; message: string }
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError }

export type LiveStatus = 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'
export type StagePeer = { peerId: string; userId: string; role: 'speaker' | 'moderator'; name: string }
export type ProducerInfo = { producerId: string; peerId: string; userId: string; name: string; kind: 'audio' | 'video'; source: MediaSource; paused: boolean }

export type JoinReply = {
  peerId: string
  role: 'viewer' | 'speaker' | 'moderator'
  liveStatus: LiveStatus
  stage: StagePeer[]
  producers: ProducerInfo[]
  activeSpeaker: { peerId: string; producerId: string } | null
  viewers: number
}

export type TransportReply = { id: string; iceParameters: unknown; iceCandidates: unknown[]; dtlsParameters: unknown }

export type ConsumeReply = {
  consumerId: string
  producerId: string
  kind: 'audio' | 'video'
  rtpParameters: unknown
  type: string
  producerPaused: boolean
  source: MediaSource
  peerId: string
}

/** Server → client pushes. */
export type PushEvents = {
  newProducer: ProducerInfo
  producerClosed: { producerId: string }
  producerPaused: { producerId: string; byModerator: boolean }
  producerResumed: { producerId: string }
  peerJoined: StagePeer
  peerClosed: { peerId: string }
  activeSpeaker: { peerId: string; producerId: string } | null
  liveStatus: { status: LiveStatus; producers: ProducerInfo[] }
  viewerCount: { viewers: number }
  consumerLayersChanged: { consumerId: string; spatialLayer: number | null }
  /** The room was rebuilt (a worker died) or your role changed: run the join sequence again. */
  rejoin: { reason: 'worker_died' | 'role_changed' | 'room_closed' }
  /** A moderator invited you on stage: fetch a fresh token (it now says speaker) and reconnect. */
  stageInvited: { forumId: string }
  chatMessage: ChatMessage
  /** On connecting: the forum's latest messages (oldest first) and who is muted, when the chat is kept. */
  chatHistory: { messages: ChatMessage[]; muted: string[] }
  chatDeleted: { messageId: string }
  chatMuted: { userId: string; muted: boolean }
}

export type ChatMessage = { messageId: string; userId: string; name: string; role: 'viewer' | 'speaker' | 'moderator'; text: string; at: string }

/**
 * What the stage signalling keeps of a forum's chat. The app implements it in PostgreSQL
 * (app/services/live/chat-store.server.ts) and hands it to the signalling; without one the
 * chat lives only in memory.
 */
export type ChatStore = {
  /** Queues a message for the next batched write; never throws, never waits. */
  save(forumId: string, message: ChatMessage): void
  remove(forumId: string, messageId: string, byUserId: string): Promise<void>
  setMuted(forumId: string, userId: string, muted: boolean, byUserId: string): Promise<void>
  /** The latest messages not deleted, oldest first. */
  recent(forumId: string, limit: number): Promise<ChatMessage[]>
  muted(forumId: string): Promise<string[]>
  stop(): Promise<void>
}
