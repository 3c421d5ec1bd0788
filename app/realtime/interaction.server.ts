import type { Namespace, Server, Socket } from 'socket.io'
import type { InteractionPushes } from '~/domain/live-interaction.ts'
import type { AppLocale } from '~/domain/locale.ts'
import type { LiveTokenClaims } from '~/domain/live-token.ts'
import { fullBucket, takeToken, type TokenBucket } from '~/domain/token-bucket.ts'
import { interactionRequestSchemas, type InteractionRequest } from '~/schemas/live-interaction.ts'
import { getReplayNotice } from '~/services/broadcast/get-replay-notice.server.ts'
import { askLiveQuestion } from '~/services/live/ask-live-question.server.ts'
import { listSiblingForumIds } from '~/services/live/list-sibling-forum-ids.server.ts'
import { createLivePoll } from '~/services/live/create-live-poll.server.ts'
import { getLiveInteraction, listRaisedHands, loadQuestion, pollViews, questionView } from '~/services/live/get-live-interaction.server.ts'
import { moderateLiveQuestion } from '~/services/live/moderate-live-question.server.ts'
import { raiseHand } from '~/services/live/raise-hand.server.ts'
import { runLivePoll } from '~/services/live/run-live-poll.server.ts'
import { upvoteLiveQuestion } from '~/services/live/upvote-live-question.server.ts'
import { voteInLivePoll } from '~/services/live/vote-in-live-poll.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import type { RateLimit } from '~/utils/rate-limit.server.ts'
import { LiveGate, sharedOrLocalLimit, withinLimit, type LiveAccessCheck } from '~/utils/live-handshake.server.ts'
import { onForumStatusChanged, onReplayChanged } from '~/utils/forum-status-events.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { ackError, isAck, replyWith } from '~/utils/socket-ack.server.ts'

const log = logger.child({ component: 'interaction' })

export const INTERACTION_NAMESPACE = '/interaction'

type Data = { claims: LiveTokenClaims; locale: AppLocale; budget: TokenBucket; handshakeAt: number }
type Ctx = { socket: Socket; claims: LiveTokenClaims; db: Db; push: Pushes }
type Handler = (ctx: Ctx, input: never) => Promise<unknown>

/** Everyone in a forum (moderators too); moderators only; one person's own tabs. */
const audienceRoom = (forumId: string) => `ia:${forumId}`
const moderatorRoom = (forumId: string) => `ia-mod:${forumId}`
const personRoom = (forumId: string, userId: string) => `ia-user:${forumId}:${userId}`

/** Per socket: a burst of 10 requests, refilled at 2 per second. */
const RATE = { burst: 10, perSec: 2 }
/**
 * Per person, across their sockets and the nodes: questions and raised hands. One token
 * on twenty sockets gets no more than one socket would.
 */
const PER_PERSON = {
  qaAsk: { name: 'live-qa-ask', points: 5, durationSec: 60 },
  handRaise: { name: 'live-hand', points: 10, durationSec: 60 },
} as const satisfies Partial<Record<InteractionRequest, { name: string; points: number; durationSec: number }>>
/** Vote counts reach the audience at most this often per question or poll (and node). */
const COALESCE_MS = 500

function requireModerator(ctx: Ctx) {
  if (ctx.claims.role !== 'moderator') throw new AppError('forbidden', 'Moderators only')
}

/**
 * Pushes after a change, with each audience getting its own view. Vote counts are
 * coalesced: with thousands of viewers voting, each question or poll is re-read and
 * pushed at most every COALESCE_MS, not once per vote.
 */
class Pushes {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  constructor(
    private readonly nsp: Namespace,
    private readonly db: Db,
  ) {}

  async questionById(questionId: string, previouslyPublic: boolean) {
    const row = await loadQuestion(this.db, questionId)
    if (row) this.question(row, previouslyPublic)
  }

  question(row: NonNullable<Awaited<ReturnType<typeof loadQuestion>>>, previouslyPublic: boolean) {
    const { forumId, id: questionId } = row
    this.nsp.to(moderatorRoom(forumId)).emit('qaQuestion', { question: questionView(row, true) } satisfies InteractionPushes['qaQuestion'])
    if (row.status === 'APPROVED')
      this.nsp
        .to(audienceRoom(forumId))
        .except(moderatorRoom(forumId))
        .emit('qaQuestion', { question: questionView(row, false) })
    else if (previouslyPublic)
      this.nsp
        .to(audienceRoom(forumId))
        .except(moderatorRoom(forumId))
        .emit('qaRemoved', { questionId } satisfies InteractionPushes['qaRemoved'])
    // The author follows their own question whatever its state.
    if (row.status !== 'APPROVED')
      this.nsp
        .to(personRoom(forumId, row.userId))
        .except(moderatorRoom(forumId))
        .emit('qaQuestion', { question: questionView(row, false, { mine: true }) })
  }

  async poll(forumId: string, pollId: string) {
    const views = await pollViews(this.db, pollId)
    if (!views) return
    const { forModerators, forAudience } = views
    this.nsp.to(moderatorRoom(forumId)).emit('pollUpdated', { poll: forModerators } satisfies InteractionPushes['pollUpdated'])
    if (forAudience.status !== 'DRAFT') this.nsp.to(audienceRoom(forumId)).except(moderatorRoom(forumId)).emit('pollUpdated', { poll: forAudience })
  }

  async hands(forumId: string, userId: string, raised: boolean) {
    this.nsp.to(moderatorRoom(forumId)).emit('handsUpdated', { hands: await listRaisedHands(this.db, forumId) } satisfies InteractionPushes['handsUpdated'])
    this.nsp.to(personRoom(forumId, userId)).emit('handState', { raised } satisfies InteractionPushes['handState'])
  }

  /** Runs `push` once, COALESCE_MS after the first of a burst of changes to `key`. */
  coalesce(key: string, push: () => Promise<void>) {
    if (this.timers.has(key)) return
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key)
        push().catch((error: unknown) => log.error({ err: error, key }, 'interaction push failed'))
      }, COALESCE_MS),
    )
  }

  stop() {
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }
}

const auditCtx = (ctx: Ctx) => ({ userId: ctx.claims.userId, ipAddress: ctx.socket.handshake.address ?? null, userAgent: ctx.socket.handshake.headers['user-agent']?.slice(0, 500) ?? null })

const handlers: { [N in InteractionRequest]: (ctx: Ctx, input: NonNullable<ReturnType<(typeof interactionRequestSchemas)[N]['parse']>>) => Promise<unknown> } = {
  interactionState: (ctx) => getLiveInteraction(ctx.db, ctx.claims.forumId, ctx.claims),

  qaAsk: async (ctx, { text }) => {
    const row = await askLiveQuestion(ctx.db, { forumId: ctx.claims.forumId, userId: ctx.claims.userId, text })
    ctx.push.question(row, false)
    return { question: questionView(row, ctx.claims.role === 'moderator', { mine: true }) }
  },
  qaUpvote: async (ctx, { questionId, up }) => {
    const row = await upvoteLiveQuestion(ctx.db, { forumId: ctx.claims.forumId, questionId, userId: ctx.claims.userId, up })
    ctx.push.coalesce(`q:${questionId}`, () => ctx.push.questionById(questionId, true))
    return { question: questionView(row, ctx.claims.role === 'moderator', { votedByMe: up }) }
  },
  qaModerate: async (ctx, { questionId, action }) => {
    requireModerator(ctx)
    const { question, wasPublic } = await moderateLiveQuestion(ctx.db, { forumId: ctx.claims.forumId, questionId, action }, auditCtx(ctx))
    ctx.push.question(question, wasPublic)
    return { question: questionView(question, true) }
  },

  pollCreate: async (ctx, input) => {
    requireModerator(ctx)
    const pollId = await createLivePoll(ctx.db, { forumId: ctx.claims.forumId, ...input })
    await ctx.push.poll(ctx.claims.forumId, pollId)
    return { pollId }
  },
  pollRun: async (ctx, { pollId, action }) => {
    requireModerator(ctx)
    await runLivePoll(ctx.db, { forumId: ctx.claims.forumId, pollId, action })
    await ctx.push.poll(ctx.claims.forumId, pollId)
    return {}
  },
  pollVote: async (ctx, { pollId, optionId }) => {
    await voteInLivePoll(ctx.db, { forumId: ctx.claims.forumId, pollId, optionId, userId: ctx.claims.userId })
    const forumId = ctx.claims.forumId
    ctx.push.coalesce(`p:${pollId}`, () => ctx.push.poll(forumId, pollId))
    return { pollId, optionId }
  },

  handRaise: async (ctx, { raised }) => {
    if (ctx.claims.role === 'moderator') throw new AppError('forbidden', 'Moderators run the stage')
    await raiseHand(ctx.db, { forumId: ctx.claims.forumId, userId: ctx.claims.userId, raised })
    await ctx.push.hands(ctx.claims.forumId, ctx.claims.userId, raised)
    return { raised }
  },
  handLower: async (ctx, { userId }) => {
    requireModerator(ctx)
    await raiseHand(ctx.db, { forumId: ctx.claims.forumId, userId, raised: false })
    await ctx.push.hands(ctx.claims.forumId, userId, false)
    return {}
  },
}

/**
 * The live audience's Q&A, polls and raised hands: the `/interaction` namespace. A socket
 * gets in with the same join token as the stage (signed by the app for one forum and one
 * role), so watching and asking have one access rule, kept by the same `LiveGate`
 * (revocations, the database's answer with `checkAccess`, the limits per token and person).
 * State lives in the database, and pushes go through the adapter, so with REDIS_URL every
 * node's sockets hear them.
 */
export function attachInteraction(io: Server, db: Db, deps: { tokenSecret: () => string; now?: () => number; checkAccess?: LiveAccessCheck; maxSocketsPerUser?: number }) {
  const nsp = io.of(INTERACTION_NAMESPACE)
  const push = new Pushes(nsp, db)
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000))
  const gate = new LiveGate(nsp, { tokenSecret: deps.tokenSecret, now, checkAccess: deps.checkAccess, db, maxSocketsPerUser: deps.maxSocketsPerUser })
  const perPerson: Partial<Record<InteractionRequest, RateLimit>> = Object.fromEntries(Object.entries(PER_PERSON).map(([name, limit]) => [name, sharedOrLocalLimit(limit, db)]))

  // A forum's status changed (the console, after its commit): its audience hears it on every node,
  // with what its pages now say about the replay when it ended; the audiences of the event's other
  // forums hear it too, for their forum switchers (rooms through the adapter: every node, every process).
  const stopStatus = onForumStatusChanged(async ({ forumId, status, closedPollIds }) => {
    const replay = status === 'ENDED' ? await getReplayNotice(db, forumId) : null
    nsp.to(audienceRoom(forumId)).emit('forumStatus', { status, replay } satisfies InteractionPushes['forumStatus'])
    const siblings = (await listSiblingForumIds(db, forumId)).filter((id) => id !== forumId)
    if (siblings.length > 0) nsp.to(siblings.map(audienceRoom)).emit('eventForumStatus', { forumId, status } satisfies InteractionPushes['eventForumStatus'])
    if (status !== 'ENDED') return
    for (const pollId of closedPollIds) await push.poll(forumId, pollId)
    nsp.to(audienceRoom(forumId)).emit('handState', { raised: false } satisfies InteractionPushes['handState'])
    nsp.to(moderatorRoom(forumId)).emit('handsUpdated', { hands: [] } satisfies InteractionPushes['handsUpdated'])
  })

  // Staff changed the forum's replay: an ended forum's players show the new notice.
  const stopReplay = onReplayChanged(async ({ forumId }) => {
    nsp.to(audienceRoom(forumId)).emit('replayNotice', { replay: await getReplayNotice(db, forumId) } satisfies InteractionPushes['replayNotice'])
  })

  nsp.use((socket, next) => {
    const handshakeAt = Date.now()
    gate.check(socket).then(
      (verdict) => {
        if (!verdict.ok) {
          log.info({ reason: verdict.reason, ip: socket.handshake.address }, 'interaction connection refused')
          return next(verdict.refusal)
        }
        socket.data = { claims: verdict.claims, locale: verdict.locale, budget: fullBucket(RATE, Date.now()), handshakeAt } satisfies Data
        next()
      },
      (error: unknown) => {
        log.error({ err: error }, 'interaction handshake failed')
        next(new Error('handshake failed'))
      },
    )
  })

  nsp.on('connection', (socket) => {
    const data = socket.data as Data
    const { forumId, userId, role } = data.claims
    void gate.enter(socket, data.claims, data.handshakeAt)
    void socket.join([audienceRoom(forumId), personRoom(forumId, userId), ...(role === 'moderator' ? [moderatorRoom(forumId)] : [])])
    const ctx: Ctx = { socket, claims: data.claims, db, push }
    for (const name of Object.keys(interactionRequestSchemas) as InteractionRequest[]) {
      socket.on(name, (payload: unknown, ack: unknown) => {
        if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload]
        if (!isAck(ack)) return
        const refuse = (error: AppError) => ack(ackError(data.locale, error))
        if (name !== 'interactionState' && !takeToken(data.budget, RATE, Date.now())) return refuse(new AppError('rate_limited', 'Too many requests'))
        const parsed = interactionRequestSchemas[name].safeParse(payload ?? undefined)
        if (!parsed.success) return refuse(new AppError('validation_failed', `Invalid ${name} payload`))
        const limit = perPerson[name]
        void replyWith(
          ack,
          data.locale,
          async () => {
            if (limit && !(await withinLimit(limit, userId))) throw new AppError('rate_limited', 'Too many requests')
            return (await (handlers[name] as Handler)(ctx, parsed.data as never)) ?? {}
          },
          {
            log,
            context: { request: name, forumId, userId },
            failed: 'interaction request failed',
          },
        )
      })
    }
  })

  return {
    namespace: nsp,
    gate,
    close: () => {
      stopStatus()
      stopReplay()
      push.stop()
    },
  }
}
