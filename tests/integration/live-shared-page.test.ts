import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { verifyLiveToken } from '../../app/domain/live-token.ts'
import { seedDemo } from '../../prisma/seed.ts'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { logIn } from '../helpers/http-probe.ts'

// Issue 16: the live player is one shared render for everyone (app/domain/shared-pages.ts), so
// the page cache serves the crowd that opens it as a forum starts; each person's part comes from
// GET /api/live/access. Through the real server (production build, page cache on).

const db = testDb()
const SESSION_SECRET = 'live-shared-page-test-secret-0123456789ab'
const MEDIA_TOKEN_SECRET = 'live-shared-page-media-secret-0123456789'
const slug = 'shanghai-hospital-management-congress-2026'
const live = `/events/${slug}/forums/main/live`
let server: AppServer
let attendee = ''
let stranger = ''
let forumId = ''

beforeAll(async () => {
  if (!(await db.event.findUnique({ where: { slug }, select: { id: true } }))) await seedDemo(db)
  server = await startAppServer({ databaseUrl: testDatabaseUrl(), env: { SESSION_SECRET, MEDIA_TOKEN_SECRET, PUBLIC_PAGE_CACHE_MS: '60000' } })
  ;[attendee, stranger] = await Promise.all([logIn(db, server.url, 'ATTENDEE', 'shared-live-attendee'), logIn(db, server.url, 'ATTENDEE', 'shared-live-stranger')])
  const event = await db.event.findUniqueOrThrow({ where: { slug }, select: { id: true, ticketTypes: { select: { id: true }, take: 1 }, forums: { where: { slug: 'main' }, select: { id: true } } } })
  forumId = event.forums[0]!.id
  const user = await db.user.findFirstOrThrow({ where: { realName: 'shared-live-attendee' }, select: { id: true } })
  await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: event.ticketTypes[0]!.id, status: 'CONFIRMED', confirmedAt: new Date() } })
}, 240_000)
afterAll(async () => {
  await server?.stop()
  await db.$disconnect()
})

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} })

describe('the live page is one render for everyone', () => {
  test('an attendee, a stranger and an anonymous visitor get the same page, with nobody in it', async () => {
    const first = await get(live, attendee)
    const second = await get(live, stranger)
    const third = await get(live)
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200])
    expect(second.headers.get('x-page-cache')).toBe('HIT')
    expect(third.headers.get('x-page-cache')).toBe('HIT')
    const [a, b, c] = await Promise.all([first.text(), second.text(), third.text()])
    expect(b).toBe(a)
    expect(c).toBe(a)
    // The player asks who is watching; the header waits for the answer.
    expect(a).toContain('data-testid="live-checking"')
    expect(a).toContain('data-testid="nav-pending"')
    expect(a).not.toContain('shared-live-attendee')
    expect(a).not.toMatch(/L1\.[A-Za-z0-9_-]{20,}/)
  })
})

describe('GET /api/live/access', () => {
  const access = async (cookie: string | undefined, forum = forumId) => {
    const res = await get(`/api/live/access?forum=${encodeURIComponent(forum)}`, cookie)
    return {
      status: res.status,
      cacheControl: res.headers.get('cache-control'),
      body: (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } },
    }
  }

  test('a confirmed attendee: who they are, viewer, a token for this forum, never cached', async () => {
    const { status, body, cacheControl } = await access(attendee)
    expect(status).toBe(200)
    expect(cacheControl).toContain('no-store')
    expect(body.data).toMatchObject({ user: { realName: 'shared-live-attendee', role: 'ATTENDEE' }, access: { role: 'viewer', reason: null }, delivery: 'WEBRTC', preference: 'auto' })
    const claims = verifyLiveToken(MEDIA_TOKEN_SECRET, body.data!.token as string, Math.floor(Date.now() / 1000))
    expect(claims).toMatchObject({ ok: true, claims: { forumId, role: 'viewer', name: 'shared-live-attendee' } })
  })

  test('a stranger is named but not registered; an anonymous visitor is nobody; neither gets a token', async () => {
    expect((await access(stranger)).body.data).toMatchObject({ user: { realName: 'shared-live-stranger' }, access: { role: null, reason: 'not_registered' }, token: null, delivery: null })
    expect((await access(undefined)).body.data).toMatchObject({ user: null, access: { role: null, reason: 'anonymous' }, token: null })
  })

  test('an unknown forum is 404 and a malformed one 400, each with a message in the visitor’s language', async () => {
    const unknown = await access(attendee, 'nosuchforum')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(unknown.body.error!.message).toMatch(/[\u4e00-\u9fff]/)
    const malformed = await access(attendee, '../etc')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  })
})
