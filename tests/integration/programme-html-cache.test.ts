import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { seedDemo } from '../../prisma/seed.ts'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { logIn, send } from '../helpers/http-probe.ts'

// Issue 16: a signed-in visitor's event and forum pages take the programme from markup rendered
// once per event, language and data version (app/utils/html-fragments.server.tsx). The same
// user, through the real server (production build), gets the same page as a full React render
// (PROGRAMME_HTML_CACHE=false): every byte of markup equal, apart from the CSP nonce and the
// loader data the page streams to the browser (the cached path leaves out what the HTML holds).

const db = testDb()
const SESSION_SECRET = 'programme-html-cache-test-secret-0123456789'
let cached: AppServer
let uncached: AppServer
let cookie = ''
const congress = '/events/shanghai-hospital-management-congress-2026'

beforeAll(async () => {
  // The run's shared schema may hold the demo already (another file seeded it): seed it once.
  if (!(await db.event.findUnique({ where: { slug: congress.split('/')[2]! }, select: { id: true } }))) await seedDemo(db)
  ;[cached, uncached] = await Promise.all([
    startAppServer({ databaseUrl: testDatabaseUrl(), env: { SESSION_SECRET, PUBLIC_PAGE_CACHE_MS: '5000' } }),
    startAppServer({ databaseUrl: testDatabaseUrl(), env: { SESSION_SECRET, PUBLIC_PAGE_CACHE_MS: '5000', PROGRAMME_HTML_CACHE: 'false' } }),
  ])
  cookie = await logIn(db, cached.url, 'ATTENDEE', 'programme-cache')
  // A confirmed registration: the personal part of the page (ticket and own-calendar links).
  const event = await db.event.findUniqueOrThrow({ where: { slug: congress.split('/')[2]! }, select: { id: true, ticketTypes: { select: { id: true }, take: 1 } } })
  const user = await db.user.findFirstOrThrow({ where: { realName: 'programme-cache' }, select: { id: true } })
  await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: event.ticketTypes[0]!.id, status: 'CONFIRMED', confirmedAt: new Date() } })
}, 240_000)
afterAll(async () => {
  await Promise.all([cached?.stop(), uncached?.stop()])
  await db.$disconnect()
})

const ENGLISH = `lng=${encodeURIComponent(Buffer.from(JSON.stringify('en')).toString('base64'))}`

async function page(server: AppServer, path: string, cookies: string) {
  const res = await send(`${server.url}${path}`, { method: 'GET', headers: { cookie: cookies } })
  expect(res.status).toBe(200)
  expect(res.body).toContain('data-testid="nav-profile"')
  return res.body
}

/** The markup without what differs by design: the nonce, and the scripts carrying loader data. */
const markup = (html: string) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '').replace(/ nonce="[^"]*"/g, '')

describe('the shared programme markup is the page a full render gives', () => {
  test.each([
    ['event page, Chinese', congress, ''],
    ['event page, English', congress, ENGLISH],
    ['forum page, Chinese', `${congress}/forums/sub-01`, ''],
    ['forum page, English', `${congress}/forums/main`, ENGLISH],
  ])('%s', async (_name, path, language) => {
    const cookies = [cookie, language].filter(Boolean).join('; ')
    // Twice on the cached server: the first request may render the fragments, the second takes them from the cache.
    await page(cached, path, cookies)
    const fromCache = await page(cached, path, cookies)
    const fullRender = await page(uncached, path, cookies)
    expect(markup(fromCache)).toBe(markup(fullRender))
    // It is the signed-in page, with the personal parts and the programme in it.
    if (path === congress) {
      expect(fromCache).toContain('data-testid="my-calendar-link"')
      expect((fromCache.match(/class="session /g) ?? []).length).toBe(90)
    }
    expect(fromCache).toContain('data-local-time=')
  })

  test('a document carries the programme once: in its HTML, not also in its loader data', async () => {
    const html = await page(cached, congress, cookie)
    const full = await page(uncached, congress, cookie)
    const sessionTitle = '现代医院管理制度建设的新要求'
    const scripts = (doc: string) => (doc.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? []).join('')
    expect(markup(html)).toContain(sessionTitle)
    expect(scripts(html)).not.toContain(sessionTitle)
    expect(scripts(full)).toContain(sessionTitle) // the full render ships the sessions' data as well
    expect(html.length).toBeLessThan(full.length)
  })

  test('a client navigation gets the markup in the loader data', async () => {
    const res = await send(`${cached.url}${congress}.data`, { method: 'GET', headers: { cookie } })
    expect(res.status).toBe(200)
    expect(res.body).toContain('class=\\"session ')
    expect(res.body).not.toContain('"sessions"')
  })

  test('the forum page links its console for a named moderator and for staff, for nobody else', async () => {
    const forum = await db.forum.findFirstOrThrow({ where: { slug: 'sub-02', event: { slug: congress.split('/')[2]! } }, select: { id: true } })
    const moderatorCookie = await logIn(db, cached.url, 'ATTENDEE', 'programme-cache-moderator')
    const moderator = await db.user.findFirstOrThrow({ where: { realName: 'programme-cache-moderator' }, select: { id: true } })
    await db.forumModerator.create({ data: { forumId: forum.id, userId: moderator.id } })
    const staffCookie = await logIn(db, cached.url, 'STAFF', 'programme-cache-staff')
    const path = `${congress}/forums/sub-02`
    for (const [who, cookies, linked] of [
      ['named moderator', moderatorCookie, true],
      ['staff', staffCookie, true],
      ['attendee', cookie, false],
    ] as const) {
      const [fromCache, fullRender] = await Promise.all([page(cached, path, cookies), page(uncached, path, cookies)])
      expect(fromCache.includes('data-testid="open-console"'), who).toBe(linked)
      expect(markup(fromCache), who).toBe(markup(fullRender))
    }
    // Named for this forum only.
    expect(await page(cached, `${congress}/forums/sub-01`, moderatorCookie)).not.toContain('data-testid="open-console"')
  })

  test('a change to a session is a new version: the cached page shows it at once', async () => {
    const session = await db.session.findFirstOrThrow({ where: { forum: { slug: 'sub-01', event: { slug: congress.split('/')[2]! } } }, orderBy: { startsAt: 'asc' } })
    await db.session.update({ where: { id: session.id }, data: { titleZh: `${session.titleZh}（更新）` } })
    // The event's data is cached per node for 5 s; its markup is named by the data's version.
    await new Promise((r) => setTimeout(r, 5_200))
    const [fromCache, fullRender] = await Promise.all([page(cached, congress, cookie), page(uncached, congress, cookie)])
    expect(fromCache).toContain(`${session.titleZh}（更新）`)
    expect(markup(fromCache)).toBe(markup(fullRender))
  }, 30_000)
})
