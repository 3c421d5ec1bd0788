import { randomUUID } from 'node:crypto'
import type { Namespace, Server, Socket } from 'socket.io'
import { canModerateForum } from '~/domain/permissions.ts'
import { acceptsReplayProgress } from '~/domain/replay-progress.ts'
import { fullBucket, takeToken, type TokenBucket } from '~/domain/token-bucket.ts'
import { resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { attendanceMessageSchema, helloSchema, triggerPromptSchema } from '~/schemas/attendance.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import type { LedgerWriter } from '~/services/attendance/ledger-writer.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { runPeriodically } from '~/utils/periodic.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

export type AttendanceOptions = { heartbeatSec: number; presenceTimeoutSec: number }
type Ack = (reply: { ok: true; data?: unknown } | { ok: false; error: { code: string; message: string } }) => void
type SocketData = {
  userId: string
  role: string
  locale: AppLocale
  forums: Map<string, string>
  budget: TokenBucket
  /** The forum this socket said hello for: the only one it may report on. */
  helloForum: string | null
  /** Per forum: when this socket's last replay report arrived, and whether the forum's replay is open. */
  replay: Map<string, { lastAt: number | null; open: boolean }>
}

const LIVE_SOURCE_KINDS = new Set(['JOIN', 'LEAVE', 'HEARTBEAT', 'AWAY', 'BACK', 'PRESENCE_ACK'])
/** Per socket: a burst of 20 events, refilled at 2 per second (a heartbeat needs 1 per 30 s). */
const RATE = { burst: 20, perSec: 2 }

const regRoom = (registrationId: string) => `reg:${registrationId}`
const forumRoom = (forumId: string) => `forum:${forumId}`

/**
 * The attendance namespace: players report JOIN / HEARTBEAT / AWAY / BACK / LEAVE /
 * PRESENCE_ACK / REPLAY_PROGRESS here; the server stamps its own receive time and hands the
 * rows to the batched ledger writer. Identity comes from the login cookie, never from the
 * payload. One registration is one viewer: a second device or tab replaces the first, across
 * nodes too when the Redis adapter is on (rooms are shared).
 */
export function attachAttendance(io: Server, db: Db, writer: LedgerWriter, options: AttendanceOptions): Namespace {
  const nsp = io.of('/attendance')

  nsp.use(async (socket, next) => {
    try {
      const request = new Request('http://internal/attendance', { headers: { cookie: socket.handshake.headers.cookie ?? '' } })
      const user = await getOptionalUser(request)
      const locale = resolveLocale(await localeCookie.parse(socket.handshake.headers.cookie ?? null))
      if (!user) return next(Object.assign(new Error(translate(locale, 'errors.unauthenticated')), { data: { code: 'unauthenticated' } }))
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
    const reply = (ack: unknown, run: () => Promise<unknown>) => {
      if (typeof ack !== 'function') return socket.disconnect(true)
      run().then(
        (result) => (ack as Ack)({ ok: true, data: result }),
        (error: unknown) => {
          if (!isAppError(error) || error.status >= 500) logger.error({ err: error, userId: data.userId }, 'attendance request failed')
          const code = isAppError(error) && error.status < 500 ? error.code : 'internal'
          ;(ack as Ack)({ ok: false, error: { code, message: translate(data.locale, `errors.${code}`) } })
        },
      )
    }

    /** Joins the forum's audience; answers with the reporting settings. */
    socket.on('hello', (payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        const { forumId } = parse(helloSchema, payload)
        const registrationId = await registrationFor(db, data, forumId)
        // One viewer per registration: tell other devices and close them.
        nsp.to(regRoom(registrationId)).except(socket.id).emit('replaced', { message: translate(data.locale, 'errors.replaced_by_other_device') })
        nsp.in(regRoom(registrationId)).except(socket.id).disconnectSockets(true)
        for (const room of socket.rooms) if (room.startsWith('forum:')) void socket.leave(room)
        await socket.join([regRoom(registrationId), forumRoom(forumId)])
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
        const registrationId = data.forums.get(message.forumId) ?? (await registrationFor(db, data, message.forumId))
        if (message.kind === 'REPLAY_PROGRESS') await checkReplayProgress(db, data, message, Date.now())
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
        })
        return null
      }),
    )

    /** A moderator (or staff) asks everyone watching the forum to confirm they are there. */
    socket.on('triggerPresencePrompt', (payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        const { forumId, timeoutSec } = parse(triggerPromptSchema, payload)
        const assigned = await db.forumModerator.findMany({ where: { forumId }, select: { userId: true } })
        if (!canModerateForum({ id: data.userId, role: data.role as never }, assigned.map((a) => a.userId))) throw new AppError('forbidden', 'Not a moderator of this forum')
        const prompt = await db.presencePrompt.create({ data: { forumId, dueAt: new Date(), timeoutSec: timeoutSec ?? options.presenceTimeoutSec, triggeredById: data.userId } })
        return firePresencePrompt(nsp, db, writer, prompt)
      }),
    )
  })
  return nsp
}

/**
 * Sends a presence prompt to every registration watching the forum now (on any node) and
 * writes PRESENCE_PROMPT into each of their ledgers, so an unanswered prompt becomes away
 * time when minutes are derived.
 */
export async function firePresencePrompt(nsp: Namespace, db: Db, writer: LedgerWriter, prompt: { id: string; forumId: string; timeoutSec: number }) {
  const sockets = await nsp.in(forumRoom(prompt.forumId)).fetchSockets()
  const registrations = new Set<string>()
  for (const s of sockets) for (const room of s.rooms) if (room.startsWith('reg:')) registrations.add(room.slice(4))
  const firedAt = new Date()
  for (const registrationId of registrations) {
    writer.append({ registrationId, forumId: prompt.forumId, kind: 'PRESENCE_PROMPT', source: 'LIVE', receivedAt: firedAt, clientAt: null, nonce: `prompt:${prompt.id}`, promptId: prompt.id })
  }
  nsp.to(forumRoom(prompt.forumId)).emit('presencePrompt', { promptId: prompt.id, forumId: prompt.forumId, timeoutSec: prompt.timeoutSec })
  await db.presencePrompt.update({ where: { id: prompt.id }, data: { firedAt, promptedCount: registrations.size } })
  logger.info({ forumId: prompt.forumId, promptId: prompt.id, prompted: registrations.size }, 'presence prompt fired')
  return { promptId: prompt.id, prompted: registrations.size }
}

/**
 * Fires planned presence prompts when they come due. Each is claimed with FOR UPDATE SKIP
 * LOCKED, so with several nodes exactly one fires it (and reaches viewers on every node
 * through the shared rooms). Returns a stop function.
 */
export function startPresenceScheduler(nsp: Namespace, db: Db, writer: LedgerWriter, everyMs = 5000): () => void {
  return runPeriodically(
    'presence scheduler',
    async () => {
      const due = await db.$queryRaw<{ id: string; forumId: string; timeoutSec: number }[]>`
        UPDATE "PresencePrompt" SET "firedAt" = now(), "updatedAt" = now()
        WHERE "id" IN (
          SELECT "id" FROM "PresencePrompt" WHERE "firedAt" IS NULL AND "dueAt" <= now()
          ORDER BY "dueAt" LIMIT 20 FOR UPDATE SKIP LOCKED
        )
        RETURNING "id", "forumId", "timeoutSec"`
      for (const prompt of due) await firePresencePrompt(nsp, db, writer, prompt)
    },
    everyMs,
  )
}

/** The user's confirmed registration for the forum's event, cached on the socket. */
/**
 * A replay report counts only once the forum has ended (its replay exists) and only for as
 * much media time as could have been watched since the socket's last report.
 */
async function checkReplayProgress(db: Db, data: SocketData, report: { forumId: string; mediaFromSec: number; mediaToSec: number }, now: number) {
  let state = data.replay.get(report.forumId)
  if (!state?.open) {
    const forum = await db.forum.findUnique({ where: { id: report.forumId }, select: { liveStatus: true } })
    state = { lastAt: state?.lastAt ?? null, open: forum?.liveStatus === 'ENDED' }
    data.replay.set(report.forumId, state)
    if (!state.open) throw new AppError('conflict', 'No replay of this forum yet')
  }
  if (!acceptsReplayProgress(report, state.lastAt, now)) throw new AppError('rate_limited', 'Replay progress faster than it can be watched')
  state.lastAt = now
}

async function registrationFor(db: Db, data: SocketData, forumId: string): Promise<string> {
  const cached = data.forums.get(forumId)
  if (cached) return cached
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { eventId: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: forum.eventId, userId: data.userId } }, select: { id: true, status: true } })
  if (!registration || registration.status !== 'CONFIRMED') throw new AppError('not_registered', 'No confirmed registration for this forum')
  data.forums.set(forumId, registration.id)
  return registration.id
}

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, payload: unknown): T {
  const parsed = schema.safeParse(payload)
  if (!parsed.success) throw new AppError('bad_request', 'Invalid attendance message')
  return parsed.data
}


export const newNonce = () => randomUUID().replaceAll('-', '')
