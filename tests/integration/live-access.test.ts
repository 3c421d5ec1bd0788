import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from 'redis'
import type { Namespace } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { attachAttendance } from '../../app/realtime/attendance.server.ts'
import { attachInteraction } from '../../app/realtime/interaction.server.ts'
import { attachLiveAccessControl } from '../../app/realtime/live-access.server.ts'
import { forumFormSchema } from '../../app/schemas/staff.ts'
import { LedgerWriter } from '../../app/services/attendance/ledger-writer.server.ts'
import { updateForum } from '../../app/services/events/update-forum.server.ts'
import { findCurrentLiveRole } from '../../app/services/live/find-current-live-role.server.ts'
import { inviteToStage } from '../../app/services/live/invite-to-stage.server.ts'
import { issueLiveToken } from '../../app/services/live/issue-live-token.server.ts'
import { removeFromStage } from '../../app/services/live/remove-from-stage.server.ts'
import { cancelRegistration } from '../../app/services/registration/cancel-registration.server.ts'
import { decideRegistration } from '../../app/services/registration/decide-registration.server.ts'
import type { Ack } from '../../app/schemas/live-signalling.ts'
import { commitLoginSession, requireForumModerator } from '../../app/utils/auth.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { startRealtime } from '../../app/utils/realtime.server.ts'
import { attachMediaSignalling, type MediaSignalling } from '../../media-server/signalling/index.ts'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

/**
 * Live access follows the registration (issue 17, finding 6): a cancelled, refunded or
 * rejected registration loses its /media, /interaction and /attendance sockets at once and
 * its still-valid token is refused; a moderator or speaker taken off the forum loses those
 * powers at once; chat, questions and hands are limited per person, not per socket; a
 * person holds at most five sockets per namespace; and socket.io refuses pages of other
 * sites. Real socket.io clients against the real namespaces, the real use cases and a real
 * database; the last part runs two nodes over a real Redis.
 */

// The guards and the rate limits read the process-wide settings, as in the app.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET ??= 'live-access-secret-live-access-secret-42'

const SECRET = 'a'.repeat(32)
const PUBLIC_URL = 'https://forum.example.org'
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379'
const KEY = `cme-live-access-${randomBytes(4).toString('hex')}`
let db: Db
const sockets: Socket[] = []

type Node = { origin: string; signalling: MediaSignalling; attendance: Namespace; close: () => Promise<void> }

/** One app node: socket.io as server.ts starts it, with /media, /interaction and /attendance; `control` subscribes to revocations. */
async function startNode(index: number, options: { redis?: boolean; control: boolean }): Promise<Node> {
  const pool = await WorkerPool.start({
    workers: 1,
    logLevel: 'error',
    ...mediaPorts('live-access', index as 0 | 1),
    listenIp: '127.0.0.1',
    restartDelayMs: 100,
    maxRestartDelayMs: 1000,
  })
  const server = http.createServer()
  const realtime = await startRealtime(server, { publicUrl: PUBLIC_URL, ...(options.redis ? { redisUrl: REDIS_URL, adapterKey: KEY } : {}) })
  const checkAccess = (claims: { forumId: string; userId: string }) => findCurrentLiveRole(db, claims)
  const signalling = attachMediaSignalling(realtime.io, { pool, config: { listenIp: '127.0.0.1', viewersPerRouter: 100 }, tokenSecret: () => SECRET, checkAccess, db })
  const interaction = attachInteraction(realtime.io, db, { tokenSecret: () => SECRET, checkAccess })
  const ledger = new LedgerWriter(db, { flushMs: 100, maxBatch: 500 }).start()
  const attendance = attachAttendance(realtime.io, db, ledger, { heartbeatSec: 30, presenceTimeoutSec: 60 })
  const stop = options.control ? attachLiveAccessControl(realtime.io, db, { media: signalling.gate, interaction: interaction.gate, attendance }) : () => true
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signalling,
    attendance,
    close: async () => {
      stop()
      interaction.close()
      await signalling.close()
      await realtime.close()
      await ledger.stop()
      await pool.close()
    },
  }
}

type Refusal = Error & { data?: { code: string; message: string } }

function open(node: Node, namespace: '/media' | '/interaction', token: string, extra: { locale?: string; origin?: string } = {}): Promise<Socket> {
  const socket = connect(`${node.origin}${namespace}`, {
    auth: { token, locale: extra.locale ?? 'en' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
  })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

const refused = (opening: Promise<Socket>) =>
  opening.then(
    () => null,
    (error: Refusal) => error,
  )

function openAttendance(node: Node, cookie: string): Promise<Socket> {
  const socket = connect(`${node.origin}/attendance`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

const request = <T = unknown>(socket: Socket, name: string, payload?: unknown) => socket.timeout(5000).emitWithAck(name, payload ?? {}) as Promise<Ack<T>>
/** Resolves with the reason when the server closes the socket, or rejects after `ms`. */
const closedBy = (socket: Socket, ms = 3000) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms)
    socket.once('disconnect', (reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })

async function joinMedia(socket: Socket) {
  const caps = await request(socket, 'getRouterRtpCapabilities')
  if (!caps.ok) throw new Error(caps.error.message)
  const joined = await request<{ role: string }>(socket, 'join', { rtpCapabilities: caps.data })
  if (!joined.ok) throw new Error(joined.error.message)
  return joined.data
}

/** A person with a login cookie and, unless `status` is null, a registration for a new event. */
async function person(label: string, status: 'CONFIRMED' | 'PENDING_APPROVAL' | null = 'CONFIRMED') {
  const event = await createEvent(db)
  const ticketType = await createTicketType(db, event.id)
  const [userId] = await createUsers(db, 1, label)
  const registration = status
    ? await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticketType.id, userId: userId!, status, confirmedAt: status === 'CONFIRMED' ? new Date() : null } })
    : null
  const session = await db.loginSession.create({ data: { userId: userId!, expiresAt: new Date(Date.now() + 3600_000) } })
  const cookie = (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]!
  const user = await db.user.findUniqueOrThrow({ where: { id: userId! }, select: { id: true, role: true, realName: true, email: true } })
  return { event, forumId: event.forums[0]!.id, user, cookie, registrationId: registration?.id ?? '' }
}

/** A join token as the app signs it; `agoMs` back-dates it (a token signed seconds before a revocation, as a player holds). */
const tokenFor = async (forumId: string, user: { id: string; role: 'ATTENDEE' | 'SPEAKER' | 'MODERATOR' | 'STAFF' | 'ADMIN'; realName: string }, agoMs = 0) =>
  (await issueLiveToken(db, { forumId, user }, { secret: SECRET, ttlSeconds: 120, now: new Date(Date.now() - agoMs) })).token

/** The forum form as staff submit it (the fixture's forum: 09:00–17:00 Shanghai time), with these moderators. */
const forumForm = (moderators: string) =>
  forumFormSchema.parse({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main forum', startsAt: '2027-03-01T09:00', endsAt: '2027-03-01T17:00', chairs: '', guestChairs: '', moderators })

beforeAll(() => {
  db = testDb()
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db?.$disconnect()
})

describe('one node', () => {
  let node: Node
  beforeAll(async () => {
    node = await startNode(0, { control: true })
  })
  afterAll(() => node?.close())

  test("a cancelled registration loses its /media, /interaction and /attendance sockets within a second, and its token is refused on reconnect; the person's other events keep theirs", async () => {
    const p = await person('cancel')
    const token = await tokenFor(p.forumId, p.user)
    const media = await open(node, '/media', token)
    expect(await joinMedia(media)).toMatchObject({ role: 'viewer' })
    const interaction = await open(node, '/interaction', token)
    const attendance = await openAttendance(node, p.cookie)
    expect(await request(attendance, 'hello', { forumId: p.forumId })).toMatchObject({ ok: true, data: { registrationId: p.registrationId } })
    // The same person, registered for another event: untouched by this cancellation.
    const other = await createEvent(db)
    await db.registration.create({ data: { eventId: other.id, ticketTypeId: (await createTicketType(db, other.id)).id, userId: p.user.id, status: 'CONFIRMED' } })
    const elsewhere = await open(node, '/interaction', await tokenFor(other.forums[0]!.id, p.user))

    const closed = [media, interaction, attendance].map((s) => closedBy(s, 1000))
    await cancelRegistration(db, { registrationId: p.registrationId, actorUserId: p.user.id })
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect'])
    const rooms = await node.signalling.rooms.list()
    expect(rooms.flatMap((r) => [...r.peers.values()]).filter((peer) => peer.userId === p.user.id)).toEqual([])
    expect(elsewhere.connected).toBe(true)
    expect((await request(elsewhere, 'interactionState')).ok).toBe(true)

    // The token has two minutes left, and is refused everywhere, with a message in the socket's language.
    expect((await refused(open(node, '/media', token)))?.data).toEqual({ code: 'live_access_revoked', message: expect.stringContaining('registration was cancelled') })
    expect((await refused(open(node, '/interaction', token, { locale: 'zh-CN' })))?.data).toEqual({ code: 'live_access_revoked', message: expect.stringContaining('报名已取消') })
    await expect(tokenFor(p.forumId, p.user)).rejects.toMatchObject({ code: 'live_not_registered' })
    const again = await openAttendance(node, p.cookie)
    expect(await request(again, 'hello', { forumId: p.forumId })).toMatchObject({ ok: false, error: { code: 'not_registered' } })
  })

  test("an announced revocation clears this node's cached answer at once", async () => {
    const p = await person('cached')
    const token = await tokenFor(p.forumId, p.user)
    // Connect and leave: this node now holds "viewer" for this person and forum for a few seconds.
    ;(await open(node, '/interaction', token)).disconnect()
    await db.registration.update({ where: { id: p.registrationId }, data: { status: 'CANCELLED' } })
    // Changed without an announcement, the cached answer still admits the token for a moment.
    expect((await open(node, '/interaction', token)).connected).toBe(true)
    const { announceAccessRevoked } = await import('../../app/utils/access-revocations.server.ts')
    announceAccessRevoked({ kind: 'registration', userId: p.user.id, eventId: p.event.id, reason: 'cancelled' })
    await new Promise((r) => setTimeout(r, 100))
    expect((await refused(open(node, '/interaction', token)))?.data?.code).toBe('live_access_revoked')
  })

  test('a rejection is announced after it commits, and the rejected registrant gets no token', async () => {
    const p = await person('rejected', 'PENDING_APPROVAL')
    const { onAccessRevoked } = await import('../../app/utils/access-revocations.server.ts')
    const heard: { reason: string; status: string | undefined }[] = []
    const stop = onAccessRevoked(async (r) => {
      const row = await db.registration.findUnique({ where: { id: p.registrationId }, select: { status: true } })
      if (r.userId === p.user.id) heard.push({ reason: r.reason, status: row?.status })
    })
    try {
      await expect(tokenFor(p.forumId, p.user)).rejects.toMatchObject({ code: 'live_not_registered' })
      await decideRegistration(db, { eventId: p.event.id, registrationId: p.registrationId, decision: 'reject' }, {})
      await new Promise((r) => setTimeout(r, 100))
      expect(heard).toEqual([{ reason: 'rejected', status: 'REJECTED' }])
      await expect(tokenFor(p.forumId, p.user)).rejects.toMatchObject({ code: 'live_not_registered' })
    } finally {
      stop()
    }
  })

  test('the sixth socket of one person in a namespace is refused with a translated error; closing one makes room', async () => {
    const p = await person('cap')
    const token = await tokenFor(p.forumId, p.user)
    const five = await Promise.all(Array.from({ length: 5 }, () => open(node, '/interaction', token)))
    const sixth = await refused(open(node, '/interaction', token, { locale: 'zh-CN' }))
    expect(sixth?.data).toEqual({ code: 'live_too_many_connections', message: expect.stringContaining('太多设备') })
    // The cap is per namespace: the stage still opens.
    await open(node, '/media', token)
    const leaving = five[0]!
    leaving.disconnect()
    await new Promise((r) => setTimeout(r, 200))
    expect((await open(node, '/interaction', token)).connected).toBe(true)
  })

  test('twenty handshakes racing past the cap settle at five sockets', async () => {
    const p = await person('race')
    const token = await tokenFor(p.forumId, p.user)
    const attempts = Array.from({ length: 20 }, () => open(node, '/interaction', token).catch(() => null))
    await Promise.all(attempts)
    await new Promise((r) => setTimeout(r, 500))
    expect(sockets.filter((s) => s.connected).length).toBeLessThanOrEqual(5)
  })

  test('a token gets 30 handshakes a minute per namespace', async () => {
    const p = await person('handshakes')
    const token = await tokenFor(p.forumId, p.user)
    for (let i = 0; i < 30; i++) (await open(node, '/interaction', token)).disconnect()
    expect((await refused(open(node, '/interaction', token)))?.data).toMatchObject({ code: 'rate_limited' })
  })

  test('a page of another site is refused at the handshake; the public origin and clients without an Origin get in', async () => {
    const p = await person('origin')
    const token = await tokenFor(p.forumId, p.user)
    expect(await refused(open(node, '/interaction', token, { origin: 'https://evil.example' }))).toBeInstanceOf(Error)
    expect(await refused(open(node, '/interaction', token, { origin: 'null' }))).toBeInstanceOf(Error)
    const cookieRide = connect(`${node.origin}/attendance`, { transports: ['websocket'], extraHeaders: { cookie: p.cookie, origin: 'https://evil.example' }, reconnection: false, forceNew: true })
    sockets.push(cookieRide)
    expect(await new Promise((resolve) => (cookieRide.once('connect', () => resolve('connected')), cookieRide.once('connect_error', () => resolve('refused'))))).toBe('refused')
    // Long-polling too: the handshake request itself gets 403.
    const polled = await fetch(`${node.origin}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } })
    expect(polled.status).toBe(403)
    expect((await fetch(`${node.origin}/socket.io/?EIO=4&transport=polling`, { headers: { origin: PUBLIC_URL } })).status).toBe(200)
    expect((await open(node, '/interaction', token, { origin: PUBLIC_URL })).connected).toBe(true)
    expect((await open(node, '/interaction', token)).connected).toBe(true)
  })

  test('chat, questions and raised hands are limited per person across five sockets, not per socket', async () => {
    const p = await person('flood')
    const token = await tokenFor(p.forumId, p.user)
    const [watcherId] = await createUsers(db, 1, 'watch')
    await db.registration.create({
      data: { eventId: p.event.id, ticketTypeId: (await db.ticketType.findFirstOrThrow({ where: { eventId: p.event.id } })).id, userId: watcherId!, status: 'CONFIRMED' },
    })
    const watcher = await db.user.findUniqueOrThrow({ where: { id: watcherId! }, select: { id: true, role: true, realName: true } })
    const listener = await open(node, '/media', await tokenFor(p.forumId, watcher))
    const heard: unknown[] = []
    listener.on('chatMessage', (m) => heard.push(m))
    const media = await Promise.all(Array.from({ length: 5 }, () => open(node, '/media', token)))
    // Three rounds a little over a second apart, every socket sending at once: per socket that would be 15 messages.
    const replies: Ack<unknown>[] = []
    for (let round = 0; round < 3; round++) {
      replies.push(...(await Promise.all(media.map((s, i) => request(s, 'chatSend', { text: `round ${round} socket ${i}` })))))
      if (round < 2) await new Promise((r) => setTimeout(r, 1100))
    }
    const sent = replies.filter((r) => r.ok).length
    expect(sent).toBeGreaterThanOrEqual(1)
    expect(sent).toBeLessThanOrEqual(3)
    expect(replies.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'rate_limited')).toBe(true)
    await new Promise((r) => setTimeout(r, 200))
    expect(heard).toHaveLength(sent)

    const interaction = await Promise.all(Array.from({ length: 5 }, () => open(node, '/interaction', token)))
    const asked = await Promise.all(interaction.flatMap((s, i) => [request(s, 'qaAsk', { text: `问题 ${i}a` }), request(s, 'qaAsk', { text: `问题 ${i}b` })]))
    expect(asked.filter((r) => r.ok)).toHaveLength(5)
    expect(await db.liveQuestion.count({ where: { userId: p.user.id } })).toBe(5)
    const hands = await Promise.all(interaction.flatMap((s) => [1, 2, 3].map((i) => request(s, 'handRaise', { raised: i % 2 === 1 }))))
    expect(hands.filter((r) => r.ok)).toHaveLength(10)
  })

  test('an ATTENDEE assigned as a forum moderator runs the console; taken off, their moderator sockets close at once, the old token is void and a fresh one only watches', async () => {
    const p = await person('mod')
    expect(p.user.role).toBe('ATTENDEE')
    const consoleRequest = () => new Request(`http://localhost/events/x/forums/main/console`, { headers: { cookie: p.cookie } })
    await expect(requireForumModerator(consoleRequest(), p.forumId)).rejects.toMatchObject({ code: 'forbidden' })
    await updateForum(db, p.event.id, p.forumId, forumForm(p.user.email), {})
    await expect(requireForumModerator(consoleRequest(), p.forumId)).resolves.toMatchObject({ id: p.user.id })
    const token = await tokenFor(p.forumId, p.user, 2000)
    const media = await open(node, '/media', token)
    expect(await joinMedia(media)).toMatchObject({ role: 'moderator' })
    const interaction = await open(node, '/interaction', token)
    expect(await request(interaction, 'pollCreate', { question: '是否继续？', options: ['是', '否'] })).toMatchObject({ ok: true })

    const closed = [media, interaction].map((s) => closedBy(s, 1000))
    await updateForum(db, p.event.id, p.forumId, forumForm(''), {})
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect'])
    await expect(requireForumModerator(consoleRequest(), p.forumId)).rejects.toMatchObject({ code: 'forbidden' })
    // The old moderator token is void; still registered, they come back with a fresh token as a viewer, without a moderator's powers.
    expect((await refused(open(node, '/interaction', token)))?.data?.code).toBe('live_access_revoked')
    const fresh = await issueLiveToken(db, { forumId: p.forumId, user: p.user }, { secret: SECRET, ttlSeconds: 60 })
    expect(fresh.role).toBe('viewer')
    const back = await open(node, '/interaction', fresh.token)
    expect(await request(back, 'pollCreate', { question: '再来一次？', options: ['是', '否'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await joinMedia(await open(node, '/media', fresh.token))).toMatchObject({ role: 'viewer' })
  })

  test('a token is held to the role its holder has now: a staff member demoted since it was signed gets in as a viewer only', async () => {
    const p = await person('demoted')
    await db.user.update({ where: { id: p.user.id }, data: { role: 'STAFF' } })
    const token = await tokenFor(p.forumId, { ...p.user, role: 'STAFF' })
    await db.user.update({ where: { id: p.user.id }, data: { role: 'ATTENDEE' } })
    const media = await open(node, '/media', token)
    expect(await joinMedia(media)).toMatchObject({ role: 'viewer' })
    expect(await request(media, 'chatMute', { userId: 'someone', muted: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const interaction = await open(node, '/interaction', token)
    expect(await request(interaction, 'pollCreate', { question: '还在吗？', options: ['在', '不在'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // Not registered at all any more: not even that.
    await db.registration.update({ where: { id: p.registrationId }, data: { status: 'CANCELLED' } })
    const stranger = await person('demoted-unregistered', null)
    await db.user.update({ where: { id: stranger.user.id }, data: { role: 'STAFF' } })
    const staffToken = await tokenFor(stranger.forumId, { ...stranger.user, role: 'STAFF' })
    await db.user.update({ where: { id: stranger.user.id }, data: { role: 'ATTENDEE' } })
    expect((await refused(open(node, '/interaction', staffToken)))?.data?.code).toBe('live_access_revoked')
  })

  test("an account's role lowered (staff no longer staff) closes its moderator sockets in every forum at once", async () => {
    const p = await person('staff', null)
    const other = await createEvent(db)
    await db.user.update({ where: { id: p.user.id }, data: { role: 'STAFF' } })
    const staff = { ...p.user, role: 'STAFF' as const }
    const here = await open(node, '/interaction', await tokenFor(p.forumId, staff, 2000))
    const there = await open(node, '/media', await tokenFor(other.forums[0]!.id, staff, 2000))
    const closed = [here, there].map((s) => closedBy(s, 1000))
    await db.user.update({ where: { id: p.user.id }, data: { role: 'ATTENDEE' } })
    const { announceAccessRevoked } = await import('../../app/utils/access-revocations.server.ts')
    announceAccessRevoked({ kind: 'platform_role', userId: p.user.id, reason: 'role_changed' })
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect'])
    await expect(tokenFor(p.forumId, p.user)).rejects.toMatchObject({ code: 'live_not_registered' })
  })

  test('a speaker sent off stage loses the speaker socket at once; the old token is void and a fresh one watches', async () => {
    const p = await person('speaker')
    await inviteToStage(db, { forumId: p.forumId, userId: p.user.id }, {})
    const token = await tokenFor(p.forumId, p.user, 2000)
    const media = await open(node, '/media', token)
    expect(await joinMedia(media)).toMatchObject({ role: 'speaker' })
    const closed = closedBy(media, 1000)
    await removeFromStage(db, { forumId: p.forumId, userId: p.user.id }, {})
    expect(await closed).toBe('io server disconnect')
    // The speaker token is void; the player's fresh token is a viewer's.
    expect((await refused(open(node, '/media', token)))?.data?.code).toBe('live_access_revoked')
    expect(await joinMedia(await open(node, '/media', await tokenFor(p.forumId, p.user)))).toMatchObject({ role: 'viewer' })
  })

  test("a stage invitation ends with the invitee's registration", async () => {
    const p = await person('invitee')
    await inviteToStage(db, { forumId: p.forumId, userId: p.user.id }, {})
    const media = await open(node, '/media', await tokenFor(p.forumId, p.user))
    expect(await joinMedia(media)).toMatchObject({ role: 'speaker' })
    const closed = closedBy(media, 1000)
    await cancelRegistration(db, { registrationId: p.registrationId, actorUserId: p.user.id })
    expect(await closed).toBe('io server disconnect')
    await expect(tokenFor(p.forumId, p.user)).rejects.toMatchObject({ code: 'live_not_registered' })
  })
})

describe('two nodes over Redis', () => {
  const nodes: Node[] = []
  let reachable = false
  beforeAll(async () => {
    const probe = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } })
    probe.on('error', () => undefined)
    reachable = await probe.connect().then(
      async () => (await probe.quit(), true),
      () => false,
    )
    if (!reachable) throw new Error(`Redis is needed for this test: none answers at ${REDIS_URL} (set REDIS_TEST_URL)`)
    // Only the first node hears the announcements: what reaches the second goes through Redis.
    nodes.push(await startNode(1, { redis: true, control: true }), await startNode(2, { redis: true, control: false }))
  })
  afterAll(async () => {
    for (const n of nodes) await n.close()
  })

  test("a cancellation on one node closes the person's sockets on the other within a second, and the other node refuses the token", async () => {
    const [a, b] = nodes as [Node, Node]
    const p = await person('redis')
    const token = await tokenFor(p.forumId, p.user)
    const media = await open(b, '/media', token)
    await joinMedia(media)
    const interaction = await open(b, '/interaction', token)
    const attendance = await openAttendance(b, p.cookie)
    expect(await request(attendance, 'hello', { forumId: p.forumId })).toMatchObject({ ok: true })
    const onA = await open(a, '/interaction', token)

    const closed = [media, interaction, attendance, onA].map((s) => closedBy(s, 1000))
    await cancelRegistration(db, { registrationId: p.registrationId, actorUserId: p.user.id })
    expect(await Promise.all(closed)).toEqual(Array(4).fill('io server disconnect'))
    await new Promise((r) => setTimeout(r, 100))
    expect((await refused(open(b, '/media', token)))?.data?.code).toBe('live_access_revoked')
    expect((await refused(open(b, '/interaction', token)))?.data?.code).toBe('live_access_revoked')
  })

  test('the cap and the chat limit hold for one person across both nodes', async () => {
    const [a, b] = nodes as [Node, Node]
    const p = await person('spread')
    const token = await tokenFor(p.forumId, p.user)
    const five = await Promise.all([a, a, a, b, b].map((n) => open(n, '/media', token)))
    expect((await refused(open(b, '/media', token)))?.data?.code).toBe('live_too_many_connections')
    expect((await refused(open(a, '/media', token)))?.data?.code).toBe('live_too_many_connections')
    const replies = await Promise.all(five.map((s, i) => request(s, 'chatSend', { text: `burst ${i}` })))
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
  })
})
