import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { MEDIA_SOCKET_QUERY } from '../../app/domain/process-layout.ts'
import { issueLiveToken } from '../../app/services/live/issue-live-token.server.ts'
import { logEntries, startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { form, FORM, logIn, send } from '../helpers/http-probe.ts'
import { mediaPortsEnv } from '../helpers/media-ports.ts'

/**
 * Issue 16, every core: server.ts with WEB_CONCURRENCY=2 (the default on a two-core machine) runs
 * a primary, two HTTP processes on one port and a media process. Each test sees the real server
 * from outside. Node's cluster hands each new connection to one of the HTTP processes; /healthz
 * says which answered, and a socket's connection id starts with its process ("web0-…", "media-…").
 */

const db = testDb()
const MEDIA_TOKEN_SECRET = 'cluster-test-media-token-secret-0123456789'
let server: AppServer
const sockets: Socket[] = []

beforeAll(async () => {
  server = await startAppServer({
    databaseUrl: testDatabaseUrl(),
    env: {
      WEB_CONCURRENCY: '2',
      PUBLIC_PAGE_CACHE_MS: '60000',
      MEDIA_SERVER: 'embedded',
      MEDIASOUP_WORKERS: '1',
      MEDIASOUP_LISTEN_IP: '127.0.0.1',
      ...mediaPortsEnv('cluster'),
      MEDIA_TOKEN_SECRET,
    },
  })
}, 180_000)
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  await server?.stop()
  await db.$disconnect()
})

/** GET on a connection of its own (so the cluster picks a process for it). */
const get = (path: string, headers: Record<string, string> = {}) => send(`${server.url}${path}`, { method: 'GET', headers })

type Health = { ok: boolean; mediasoup: { workers: number; mode: string }; realtime: { adapter: string }; process: { pid: number; index: number; of: number } }

function open(namespace: string, options: { cookie?: string; token?: string; query?: Record<string, string> }): Promise<Socket> {
  const socket = connect(`${server.url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
    ...(options.token ? { auth: { token: options.token, locale: 'en' } } : {}),
    ...(options.query ? { query: options.query } : {}),
  })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

const closedBy = (socket: Socket, ms: number) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms)
    socket.once('disconnect', (reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })

describe('two HTTP processes on one port', () => {
  test('both answer on the one port, share socket.io through the cluster adapter, report the media process, and one of them works the job queues', async () => {
    const answers: Health[] = []
    // /healthz answers as soon as one process listens; on a busy machine the other may still be
    // starting, so ask (each time on a new connection) until both have answered, for up to 40 s.
    const until = Date.now() + 40_000
    while (new Set(answers.map((h) => h.process.pid)).size < 2 && Date.now() < until) {
      answers.push(JSON.parse((await get('/healthz')).body) as Health)
      if (answers.length % 20 === 0) await new Promise((r) => setTimeout(r, 500))
    }
    expect(new Set(answers.map((h) => h.process.pid)).size).toBe(2)
    expect(answers.every((h) => h.ok && h.realtime.adapter === 'cluster' && h.process.of === 2 && h.mediasoup.workers === 1 && h.mediasoup.mode === 'embedded')).toBe(true)
    expect(new Set(answers.map((h) => h.process.index))).toEqual(new Set([0, 1]))
    const queues = logEntries(server.log()).filter((e) => e.msg === 'certificate queue started')
    expect(queues.map((e) => e.work).sort()).toEqual([false, true])
    // The media server starts once, in its own process.
    expect(logEntries(server.log()).filter((e) => e.msg === 'media process listening')).toHaveLength(1)
  })

  test('a staff edit through one process purges the cached event page in both', async () => {
    const event = await createEvent(db)
    const staff = await logIn(db, server.url, 'STAFF', 'cluster-staff')
    for (let i = 0; i < 4; i++) expect((await get(`/events/${event.slug}`)).status).toBe(200)
    // Both processes now hold the page: the next two connections (one to each) are cache hits.
    const hits = [await get(`/events/${event.slug}`), await get(`/events/${event.slug}`)]
    expect(hits.map((r) => r.headers['x-page-cache'])).toEqual(['HIT', 'HIT'])

    const added = await send(`${server.url}/staff/events/${event.id}/agenda`, {
      headers: { ...FORM, cookie: staff },
      body: form({
        intent: 'add-forum',
        kind: 'SUB',
        slug: 'cluster-sub',
        titleZh: '集群分论坛',
        titleEn: 'Cluster sub-forum',
        startsAt: '2027-03-01T13:00',
        endsAt: '2027-03-01T15:00',
        chairs: '',
        guestChairs: '',
        moderators: '',
      }),
    })
    expect(added.status).toBeLessThan(400)
    // Every process shows the new forum at once, though the cache would keep the old page for a minute.
    for (let i = 0; i < 4; i++) {
      const page = await get(`/events/${event.slug}`)
      expect(page.status).toBe(200)
      expect(page.body).toContain('集群分论坛')
    }
  })

  test("a cancellation through one process closes the person's sockets in both HTTP processes and in the media process, whose gate then refuses the token", async () => {
    const event = await createEvent(db)
    const ticketType = await createTicketType(db, event.id)
    const label = `cluster-attendee-${Date.now()}`
    const cookie = await logIn(db, server.url, 'ATTENDEE', label)
    const user = await db.user.findFirstOrThrow({ where: { realName: label }, select: { id: true, role: true, realName: true } })
    const registration = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticketType.id, userId: user.id, status: 'CONFIRMED', confirmedAt: new Date() } })
    const forumId = event.forums[0]!.id

    // One /attendance socket (one per registration), one /interaction socket in each HTTP process, and the stage's
    // socket, which the HTTP process it lands on passes to the media process (their own /media admits nobody).
    const attendance = await open('/attendance', { cookie })
    expect(((await attendance.timeout(5000).emitWithAck('hello', { forumId })) as { ok: boolean }).ok).toBe(true)
    const { token } = await issueLiveToken(db, { forumId, user }, { secret: MEDIA_TOKEN_SECRET, ttlSeconds: 120 })
    // One /interaction socket in each HTTP process: new connections until both have one.
    const interaction = new Map<string, Socket>()
    for (let i = 0; i < 20 && interaction.size < 2; i++) {
      const socket = await open('/interaction', { token })
      const label = socket.io.engine.id.split('-')[0]!
      if (interaction.has(label)) socket.disconnect()
      else interaction.set(label, socket)
    }
    expect([...interaction.keys()].sort()).toEqual(['web0', 'web1'])
    const media = await open('/media', { token, query: { ...MEDIA_SOCKET_QUERY } })
    expect(media.io.engine.id).toMatch(/^media-/)
    expect(((await media.timeout(5000).emitWithAck('getRouterRtpCapabilities', {})) as { ok: boolean }).ok).toBe(true)
    // Without the mark the socket stays with an HTTP process, which has no media server.
    await expect(open('/media', { token })).rejects.toThrow()

    const closed = [attendance, ...interaction.values(), media].map((s) => closedBy(s, 5000))
    const cancelled = await send(`${server.url}/tickets/${registration.id}`, { headers: { ...FORM, cookie }, body: form({ intent: 'cancel' }) })
    expect(cancelled.status).toBe(200)
    expect(await Promise.all(closed)).toEqual(Array(4).fill('io server disconnect'))
    // The token is void everywhere now, the media process included.
    await expect(open('/media', { token, query: { ...MEDIA_SOCKET_QUERY } })).rejects.toMatchObject({ data: { code: 'live_access_revoked' } })
  })
})
