import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { removeEvent } from '../helpers/fixtures.ts'

/**
 * The player follows the forum's state at once (issue 15 §4), in Debian's Chromium: before the
 * start it never says that watching time is recorded; once live it does; when the moderator ends
 * the forum, without a reload, the credit notice goes, Q&A, chat and the raised hand close, and
 * the page says what comes of its replay.
 * The test makes its own event and removes it afterwards, so no other browser test sees it.
 */
const baseUrl = inject('baseUrl')
const db = createPrisma(inject('appDatabaseUrl'), 2)
const SLUG = `forum-end-${Date.now().toString(36)}`
const MIN = 60_000
const COUNTING = '正在记录您的观看时长（用于学分）。'
let browser: Browser
let eventId = ''
let ticketTypeId = ''

beforeAll(async () => {
  browser = await launchChromium({ media: true })
  const moderator = await db.user.findUniqueOrThrow({ where: { email: 'moderator@demo.cme-forum.org' }, select: { id: true } })
  const now = Date.now()
  const event = await db.event.create({
    data: {
      slug: SLUG,
      titleZh: '结束测试会议',
      titleEn: 'Forum end test meeting',
      timeZone: 'Asia/Shanghai',
      startsAt: new Date(now - 30 * MIN),
      endsAt: new Date(now + 120 * MIN),
      status: 'PUBLISHED',
      forums: {
        create: {
          slug: 'main',
          kind: 'MAIN',
          titleZh: '主论坛',
          titleEn: 'Main forum',
          startsAt: new Date(now - 30 * MIN),
          endsAt: new Date(now + 120 * MIN),
          moderators: { create: [{ userId: moderator.id }] },
        },
      },
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

test('the player never claims to count before the start, counts while live, and closes everything when the moderator ends the forum, without a reload', async () => {
  const attendee = await signedUp(browser, baseUrl, 'forum-end')
  const user = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  await db.registration.create({ data: { eventId, ticketTypeId, userId: user.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  const player = attendee.page
  await player.goto(`${baseUrl}/events/${SLUG}/forums/main/live`)
  await hydrated(player)
  await player.getByTestId('join-live').click()

  // Not live yet: the player says when counting starts, never that it counts.
  await player.getByTestId('attendance-waiting').waitFor()
  expect(await player.getByText(COUNTING).count()).toBe(0)

  const moderator = await loggedIn(browser, baseUrl, 'moderator@demo.cme-forum.org')
  const consolePage = moderator.page
  consolePage.on('dialog', (dialog) => void dialog.accept())
  await consolePage.goto(`${baseUrl}/events/${SLUG}/forums/main/console`)
  await hydrated(consolePage)
  await consolePage.getByTestId('live-go_live').click()
  await consolePage.waitForSelector('[data-testid="live-status"][data-status="LIVE"]')

  // Live: counting, with Q&A, chat and the hand open.
  await player.getByText(COUNTING).waitFor()
  await expect.poll(() => player.getByTestId('raise-hand').isEnabled(), { timeout: 20_000 }).toBe(true)
  await player.getByTestId('raise-hand').click()
  await player.waitForSelector('[data-testid="raise-hand"][aria-pressed="true"]')
  expect(await player.getByTestId('qa-closed').count()).toBe(0)

  const loads = await player.evaluate(() => performance.getEntriesByType('navigation').length)
  await consolePage.getByTestId('live-end').click()
  await consolePage.waitForSelector('[data-testid="live-status"][data-status="ENDED"]')

  // Ended, on the same page: the notice says so, nothing claims to count, Q&A, chat and the hand are closed.
  await player.getByTestId('attendance-ended').waitFor()
  await player.waitForSelector('[data-testid="live-status"][data-status="ENDED"]')
  expect(await player.getByText(COUNTING).count()).toBe(0)
  await player.getByTestId('qa-closed').waitFor()
  await player.getByTestId('chat-closed').waitFor()
  await player.getByTestId('raise-hand').waitFor({ state: 'detached' })
  // And what comes next, still without a reload: the broadcast is on, so the forum was recorded and
  // its replay is being prepared; once the sweep has closed the recording, the page says what it made:
  // an unpublished replay (still being prepared), or, with no media at all, none.
  await player.getByTestId('replay-notice').waitFor()
  const forumId = (await player.getAttribute('[data-forum-id]', 'data-forum-id'))!
  await expect.poll(async () => (await db.recording.findFirst({ where: { forumId }, select: { status: true } }))?.status, { timeout: 20_000 }).toMatch(/^(ENDED|FAILED)$/)
  const made = (await db.replay.count({ where: { forumId } })) > 0
  await player.waitForSelector(`[data-testid="replay-notice"][data-replay="${made ? 'preparing' : 'none'}"]`)
  expect(await player.getByTestId('replay-notice').textContent()).toBe(made ? '回放正在准备中，发布后即可在此观看。' : '本论坛没有发布回放。')
  expect(await player.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads)
  expect(player.url()).toBe(`${baseUrl}/events/${SLUG}/forums/main/live`)
})
