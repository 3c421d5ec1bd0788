import type { Namespace, Server, Socket } from 'socket.io'
import type { Role } from '~/domain/permissions.ts'
import { freshReplayAllowance, REPLAY_LIMITS, takeReplayProgress, type ReplayAllowance } from '~/domain/replay-progress.ts'
import { fullBucket, takeToken, type TokenBucket } from '~/domain/token-bucket.ts'
import { resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { attendanceMessageSchema, helloSchema, triggerPromptSchema } from '~/schemas/attendance.ts'
import { forumRoom, isForumRoom, registrationRoom } from '~/services/attendance/attendance-rooms.server.ts'
import { findAttendanceRegistration } from '~/services/attendance/find-attendance-registration.server.ts'
import { isReplayOpen } from '~/services/attendance/is-replay-open.server.ts'
import { queueCreditEvaluation } from '~/services/credits/queue-credit-evaluation.server.ts'
import type { LedgerWriter } from '~/services/attendance/ledger-writer.server.ts'
import { triggerPresencePrompt } from '~/services/attendance/trigger-presence-prompt.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { MAX_SOCKETS_PER_USER } from '~/domain/live-access.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { handshakeRefusal, roleRoom, sharedOrLocalLimit, socketsIn, userRoom, withinLimit } from '~/utils/live-handshake.server.ts'
import { localeCookie } from '~/utils/session.server.ts'
import { isAck, replyWith } from '~/utils/socket-ack.server.ts'

export type AttendanceOptions = { heartbeatSec: number; presenceTimeoutSec: number; maxSocketsPerUser?: number }
type SocketData = {
  userId: string
  role: string
  locale: AppLocale
  forums: Map<string, string>
  budget: TokenBucket
  /** The forum this socket said hello for: the only one it may report on. */
  helloForum: string | null
  /** Per forum: the media seconds this socket may still claim, whether the forum's replay is open, and how far it reaches. */
  replay: Map<string, { allowance: ReplayAllowance; open: boolean; maxMediaSec: number }>
  /** When this socket last asked for a credit evaluation after replay reports. */
  creditQueuedAt?: number
  /** The registration whose replay reports are not yet evaluated, and the evaluation scheduled for them. */
  creditPending?: string
  creditTimer?: ReturnType<typeof setTimeout>
}

const LIVE_SOURCE_KINDS = new Set(['JOIN', 'LEAVE', 'HEARTBEAT', 'AWAY', 'BACK', 'PRESENCE_ACK'])
/** Per socket: a burst of 20 events, refilled at 2 per second (a heartbeat needs 1 per 30 s). */
const RATE = { burst: 20, perSec: 2 }
/** Handshakes per person a minute (a player reconnects a few times at most). */
const HANDSHAKES = { name: 'attendance-handshake', points: 30, durationSec: 60 }

/**
 * The attendance namespace: players report JOIN / HEARTBEAT / AWAY / BACK / LEAVE /
 * PRESENCE_ACK / REPLAY_PROGRESS here; the server stamps its own receive time and hands the
 * rows to the batched ledger writer. Identity comes from the login cookie, never from the
 * payload. One registration is one viewer: a second device or tab replaces the first, across
 * nodes too when the Redis adapter is on (rooms are shared).
 */
export function attachAttendance(io: Server, db: Db, writer: LedgerWriter, options: AttendanceOptions): Namespace {
  const nsp = io.of('/attendance')
  const handshakes = sharedOrLocalLimit(HANDSHAKES, db)
  const maxSockets = options.maxSocketsPerUser ?? MAX_SOCKETS_PER_USER

  nsp.use(async (socket, next) => {
    try {
      const request = new Request('http://internal/attendance', { headers: { cookie: socket.handshake.headers.cookie ?? '' } })
      const user = await getOptionalUser(request)
      const locale = resolveLocale(await localeCookie.parse(socket.handshake.headers.cookie ?? null))
      if (!user) return next(Object.assign(new Error(translate(locale, 'errors.unauthenticated')), { data: { code: 'unauthenticated' } }))
      if (!(await withinLimit(handshakes, user.id))) return next(handshakeRefusal(locale, 'rate_limited'))
      const data: SocketData = { userId: user.id, role: user.role, locale, forums: new Map(), budget: fullBucket(RATE, Date.now()), helloForum: null, replay: new Map() }
      socket.data = data
      next()
    } catch (error) {
      logger.error({ err: error }, 'attendance handshake failed')
      next(new Error('handshake failed'))
    }
  })

  nsp.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData
    void keepNewest(nsp, socket, data, maxSockets)
    // A request without an ack is not from our player: drop the socket.
    const reply = (ack: unknown, run: () => Promise<unknown>) => {
      if (!isAck(ack)) return socket.disconnect(true)
      void replyWith(ack, data.locale, run, { log: logger, context: { userId: data.userId }, failed: 'attendance request failed', refused: 'attendance request refused' })
    }

    /** Joins the forum's audience; answers with the reporting settings. */
    socket.on('hello', (payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        const { forumId } = parse(helloSchema, payload)
        const registrationId = await registrationFor(socket, db, data, forumId)
        // One viewer per registration: tell other devices and close them.
        nsp
          .to(registrationRoom(registrationId))
          .except(socket.id)
          .emit('replaced', { message: translate(data.locale, 'errors.replaced_by_other_device') })
        nsp.in(registrationRoom(registrationId)).except(socket.id).disconnectSockets(true)
        for (const room of socket.rooms) if (isForumRoom(room)) void socket.leave(room)
        await socket.join([registrationRoom(registrationId), forumRoom(forumId)])
        data.helloForum = forumId
        return { registrationId, heartbeatSec: options.heartbeatSec, presenceTimeoutSec: options.presenceTimeoutSec }
      }),
    )

    socket.on('attendance', (payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        if (!takeToken(data.budget, RATE, Date.now())) throw new AppError('rate_limited', 'Too many attendance events')
        const message = parse(attendanceMessageSchema, payload)
        // Only the socket that said hello counts: that is what makes one device one viewer.
        if (data.helloForum !== message.forumId) throw new AppError('conflict', 'Say hello for this forum first')
        const registrationId = data.forums.get(message.forumId) ?? (await registrationFor(socket, db, data, message.forumId))
        if (message.kind === 'REPLAY_PROGRESS') {
          await checkReplayProgress(db, data, message, Date.now())
          evaluateCreditSoon(db, data, registrationId)
        }
        writer.append({
          registrationId,
          forumId: message.forumId,
          kind: message.kind,
          source: LIVE_SOURCE_KINDS.has(message.kind) ? 'LIVE' : 'REPLAY',
          receivedAt: new Date(),
          clientAt: new Date(message.clientAt),
          nonce: message.nonce,
          promptId: 'promptId' in message ? message.promptId : null,
          mediaFromSec: 'mediaFromSec' in message ? message.mediaFromSec : null,
          mediaToSec: 'mediaToSec' in message ? message.mediaToSec : null,
          delivery: 'delivery' in message ? (message.delivery ?? null) : null,
        })
        return null
      }),
    )

    socket.on('disconnect', () => {
      if (data.creditPending) evaluateCreditSoon(db, data, data.creditPending, true)
    })

    /** A moderator (or staff) asks everyone watching the forum to confirm they are there. */
    socket.on('triggerPresencePrompt', (payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        const { forumId, timeoutSec } = parse(triggerPromptSchema, payload)
        const user = { id: data.userId, role: data.role as Role }
        return triggerPresencePrompt(nsp, db, writer, { forumId, timeoutSec: timeoutSec ?? options.presenceTimeoutSec, user })
      }),
    )
  })
  return nsp
}

/**
 * A replay report counts only once the forum has ended and its replay is published and open,
 * only within the recording (plus REPLAY_LIMITS.slackSec), and only for as much media time as
 * the socket could have watched (its allowance refills at 2× real time; see replay-progress.ts).
 */
async function checkReplayProgress(db: Db, data: SocketData, report: { forumId: string; mediaFromSec: number; mediaToSec: number }, now: number) {
  let state = data.replay.get(report.forumId)
  if (!state?.open) {
    state = { allowance: state?.allowance ?? freshReplayAllowance(now), ...(await isReplayOpen(db, report.forumId)) }
    data.replay.set(report.forumId, state)
    if (!state.open) throw new AppError('conflict', 'No replay of this forum yet')
  }
  if (report.mediaToSec > state.maxMediaSec + REPLAY_LIMITS.slackSec) throw new AppError('bad_request', 'Replay progress beyond the replay')
  if (!takeReplayProgress(state.allowance, report, now)) throw new AppError('rate_limited', 'Replay progress faster than it can be watched')
}

/**
 * Replay minutes may complete a REPLAY credit rule (enduring material): the registration's
 * credit is evaluated by the certificate queue a little after its replay reports, once the
 * ledger writer has flushed them: 2 s after a socket's first report, then at most once per
 * 30 s while reports keep coming (one trailing evaluation covers every report in between),
 * and 2 s after the socket leaves with reports not yet evaluated (the player closes its
 * socket when the viewer leaves the page). The 5-minute sweep catches anything lost.
 */
function evaluateCreditSoon(db: Db, data: SocketData, registrationId: string, leaving = false) {
  data.creditPending = registrationId
  const since = data.creditQueuedAt === undefined ? Infinity : Date.now() - data.creditQueuedAt
  const wait = leaving ? CREDIT_EVALUATION_DELAY_MS : Math.max(CREDIT_EVALUATION_DELAY_MS, CREDIT_EVALUATION_EVERY_MS - since)
  if (data.creditTimer && !leaving) return
  clearTimeout(data.creditTimer)
  data.creditTimer = setTimeout(() => {
    data.creditTimer = undefined
    const pending = data.creditPending
    data.creditPending = undefined
    data.creditQueuedAt = Date.now()
    if (pending) queueCreditEvaluation(db, { registrationId: pending })
  }, wait).unref()
}
const CREDIT_EVALUATION_EVERY_MS = 30_000
/** Past the ledger writer's flush (LEDGER_FLUSH_MS ≤ 1 s). */
const CREDIT_EVALUATION_DELAY_MS = 2_000

/**
 * Caps one person's sockets: past `max`, the oldest are told they were replaced and closed
 * (a new tab or device wins, as one registration is one viewer), on whichever node they are.
 */
async function keepNewest(nsp: Namespace, socket: Socket, data: SocketData, max: number) {
  await socket.join(userRoom(data.userId))
  const all = await socketsIn(nsp, userRoom(data.userId))
  if (!all || all.length <= max) return
  const oldest = all.sort((a, b) => a.handshake.issued - b.handshake.issued || (a.id < b.id ? -1 : 1)).slice(0, all.length - max)
  for (const old of oldest) {
    if (old.id === socket.id) continue
    old.emit('replaced', { message: translate(data.locale, 'errors.replaced_by_other_device') })
    old.disconnect(true)
  }
}

/**
 * The user's confirmed registration for the forum's event, cached on the socket. The
 * socket joins the forum's access room first, so a cancellation that commits after the
 * check still finds it there and closes it (app/realtime/live-access.server.ts).
 */
async function registrationFor(socket: Socket, db: Db, data: SocketData, forumId: string): Promise<string> {
  const cached = data.forums.get(forumId)
  if (cached) return cached
  await socket.join(roleRoom(forumId, data.userId, 'viewer'))
  const registrationId = await findAttendanceRegistration(db, { forumId, userId: data.userId })
  data.forums.set(forumId, registrationId)
  return registrationId
}

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, payload: unknown): T {
  const parsed = schema.safeParse(payload)
  if (!parsed.success) throw new AppError('bad_request', 'Invalid attendance message')
  return parsed.data
}
