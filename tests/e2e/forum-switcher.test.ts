import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { removeEvent } from '../helpers/fixtures.ts'

/**
 * The forum switcher follows the other forums at once (issue 15 §4), in Debian's Chromium: an
 * attendee watches forum A's live page; the moderator starts, then ends forum B; the switcher's
 * badge for B changes within a few seconds, without a reload, over the live socket. The page's
 * 30-second poll is blocked in this browser, so only the push can have brought the change.
 * The test makes its own event and removes it afterwards, so no other browser test sees it.
 */
const baseUrl = inject('baseUrl')
const db = createPrisma(inject('appDatabaseUrl'), 2)
const SLUG = `forum-switcher-${Date.now().toString(36)}`
const MIN = 60_000
let browser: Browser
let eventId = ''
let ticketTypeId = ''

beforeAll(async () => {
  browser = await launchChromium({ media: true })
  const moderator = await db.user.findUniqueOrThrow({ where: { email: 'moderator@demo.cme-forum.org' }, select: { id: true } })
  const now = Date.now()
  const forum = (slug: string, kind: 'MAIN' | 'SUB', position: number) => ({
    slug,
    kind,
    position,
    titleZh: kind === 'MAIN' ? '主论坛' : '分论坛乙',
    titleEn: kind === 'MAIN' ? 'Main forum' : 'Forum B',
    startsAt: new Date(now - 30 * MIN),
    endsAt: new Date(now + 120 * MIN),
    moderators: { create: [{ userId: moderator.id }] },
  })
  const event = await db.event.create({
    data: {
      slug: SLUG,
      titleZh: '论坛切换测试会议',
      titleEn: 'Forum switcher test meeting',
      timeZone: 'Asia/Shanghai',
      startsAt: new Date(now - 30 * MIN),
      endsAt: new Date(now + 120 * MIN),
      status: 'PUBLISHED',
      forums: { create: [forum('a', 'MAIN', 0), forum('b', 'SUB', 1)] },
      ticketTypes: { create: { nameZh: '免费参会', nameEn: 'Free attendance', quota: 100 } },
    },
    select: { id: true, ticketTypes: { select: { id: true } } },
  })
  eventId = event.id
  ticketTypeId = event.ticketTypes[0]!.id
})

afterAll(async () => {
  await browser?.close()
  if (eventId) await removeEvent(db, eventId)
  await db.$disconnect()
})

test('the switcher shows forum B go live and end while the attendee watches forum A, within seconds and without a reload', async () => {
  const attendee = await signedUp(browser, baseUrl, 'forum-switcher')
  const user = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  await db.registration.create({ data: { eventId, ticketTypeId, userId: user.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  const player = attendee.page
  // The fallback poll (every ~30 s) gets no answer here: only the socket's push can move the badge.
  await player.route('**/api/events/*/forum-status', (route) => route.abort())
  await player.goto(`${baseUrl}/events/${SLUG}/forums/a/live`)
  await hydrated(player)
  await player.getByTestId('join-live').click()
  await player.getByTestId('attendance-waiting').waitFor()
  const badgeOfB = player.locator('[data-testid="forum-switch"][data-forum-slug="b"] .live-status')
  expect(await badgeOfB.getAttribute('data-status')).toBe('OFFLINE')
  const loads = await player.evaluate(() => performance.getEntriesByType('navigation').length)

  const moderator = await loggedIn(browser, baseUrl, 'moderator@demo.cme-forum.org')
  const consolePage = moderator.page
  consolePage.on('dialog', (dialog) => void dialog.accept())
  await consolePage.goto(`${baseUrl}/events/${SLUG}/forums/b/console`)
  await hydrated(consolePage)

  await consolePage.getByTestId('live-go_live').click()
  await consolePage.waitForSelector('[data-testid="live-status"][data-status="LIVE"]')
  let since = Date.now()
  await player.waitForSelector('[data-testid="forum-switch"][data-forum-slug="b"] .live-status[data-status="LIVE"]', { timeout: 5_000 })
  expect(Date.now() - since).toBeLessThan(5_000)
  expect(await badgeOfB.textContent()).toBe('直播中')
  // Forum A itself has not moved.
  expect(await player.getByTestId('live-status').getAttribute('data-status')).toBe('OFFLINE')

  await consolePage.getByTestId('live-end').click()
  await consolePage.waitForSelector('[data-testid="live-status"][data-status="ENDED"]')
  since = Date.now()
  await player.waitForSelector('[data-testid="forum-switch"][data-forum-slug="b"] .live-status[data-status="ENDED"]', { timeout: 5_000 })
  expect(Date.now() - since).toBeLessThan(5_000)

  expect(await player.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads)
  expect(player.url()).toBe(`${baseUrl}/events/${SLUG}/forums/a/live`)
})
