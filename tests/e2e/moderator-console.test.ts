import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { formatTime } from '../../app/domain/time.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { removeEvent } from '../helpers/fixtures.ts'

/**
 * The moderator console on one screen (issue 15 §5) in Debian's Chromium at 1366×768: the
 * preview, the Q&A tab and the current-talk bar are in view without scrolling; a question asked
 * by an attendee on the player raises the Q&A tab's unread count while another tab is shown.
 * And the player's own controls: the volume slider and mute reach the video element, the volume
 * is remembered after a reload, and the full-screen button puts the player in full screen.
 *
 * The test makes its own event (a forum whose agenda is around now, moderated by the demo
 * moderator) and removes it afterwards, so no other browser test sees it.
 */
const baseUrl = inject('baseUrl')
const db = createPrisma(inject('appDatabaseUrl'), 2)
const SLUG = `console-one-screen-${Date.now().toString(36)}`
const TIME_ZONE = 'Asia/Shanghai'
const MIN = 60_000
let browser: Browser
let eventId = ''
let ticketTypeId = ''
let speakerId = ''
const now = Date.now()
const nextStartsAt = new Date(now + 25 * MIN)

beforeAll(async () => {
  browser = await launchChromium({ media: true })
  const moderator = await db.user.findUniqueOrThrow({ where: { email: 'moderator@demo.cme-forum.org' }, select: { id: true } })
  const speaker = await db.speaker.create({ data: { nameZh: '顾一鸣', nameEn: 'Gu Yiming' }, select: { id: true } })
  speakerId = speaker.id
  const event = await db.event.create({
    data: {
      slug: SLUG,
      titleZh: '控制台测试会议',
      titleEn: 'Console test meeting',
      timeZone: TIME_ZONE,
      startsAt: new Date(now - 60 * MIN),
      endsAt: new Date(now + 180 * MIN),
      status: 'PUBLISHED',
      forums: {
        create: {
          slug: 'main',
          kind: 'MAIN',
          titleZh: '主论坛',
          titleEn: 'Main forum',
          startsAt: new Date(now - 60 * MIN),
          endsAt: new Date(now + 180 * MIN),
          moderators: { create: [{ userId: moderator.id }] },
          sessions: {
            create: [
              { kind: 'OPENING', titleZh: '开幕致辞', titleEn: 'Opening', startsAt: new Date(now - 60 * MIN), endsAt: new Date(now - 10 * MIN), position: 0 },
              {
                kind: 'TALK',
                titleZh: '区域医疗中心的质量管理',
                titleEn: 'Quality management in regional medical centres',
                startsAt: new Date(now - 10 * MIN),
                endsAt: nextStartsAt,
                position: 1,
                speakers: { create: [{ speakerId: speaker.id }] },
              },
              { kind: 'PANEL', titleZh: '圆桌讨论：分级诊疗', titleEn: 'Panel: tiered care', startsAt: nextStartsAt, endsAt: new Date(now + 60 * MIN), position: 2 },
            ],
          },
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
  if (speakerId) await db.speaker.delete({ where: { id: speakerId } })
  await db.$disconnect()
})

/** An attendee signed up through the real form, with a confirmed registration for the test's event. */
async function registeredAttendee(label: string) {
  const attendee = await signedUp(browser, baseUrl, label)
  const user = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  await db.registration.create({ data: { eventId, ticketTypeId, userId: user.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  return attendee
}

/** The element's box lies wholly inside the 1366×768 viewport. */
async function expectInViewport(locator: Locator, what: string) {
  const box = await locator.boundingBox()
  expect(box, `${what} is rendered`).not.toBeNull()
  expect(box!.y, `${what} starts in view`).toBeGreaterThanOrEqual(0)
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.y + box!.height, `${what} ends in view (bottom ${box!.y + box!.height})`).toBeLessThanOrEqual(768)
  expect(box!.x + box!.width).toBeLessThanOrEqual(1366)
}

async function openConsole(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(`${baseUrl}/events/${SLUG}/forums/main/console`)
  await hydrated(page)
  await page.waitForSelector('[data-testid="console-connection"][data-state="connected"]', { state: 'attached', timeout: 30_000 })
}

test('at 1366×768 the console shows the preview, the Q&A and the current talk without scrolling; a new question counts as unread on its tab', async () => {
  const moderator = await loggedIn(browser, baseUrl, 'moderator@demo.cme-forum.org')
  const page = moderator.page
  await openConsole(page)
  await page.getByTestId('start-camera').click()
  await page.getByTestId('preview-video').waitFor()

  // One screen: nothing scrolled, and each part wholly in view.
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  expect(await page.getByTestId('console-panels').getAttribute('data-layout')).toBe('tabs')
  await expectInViewport(page.getByTestId('preview-video'), 'the preview')
  await expectInViewport(page.getByTestId('live-go_live'), 'the go-live button')
  await expectInViewport(page.locator('.live-media-buttons'), 'the camera buttons')
  const qaTab = page.getByRole('tab', { name: '提问' })
  expect(await qaTab.getAttribute('aria-selected')).toBe('true')
  await expectInViewport(qaTab, 'the Q&A tab')
  const qaPanel = page.getByRole('tabpanel', { name: '提问' })
  await expectInViewport(qaPanel, 'the Q&A panel')
  await expectInViewport(page.getByTestId('current-talk-bar'), 'the current-talk bar')

  // The current talk, its speaker and its time left; the next talk at its time in the event's zone.
  expect(await page.getByTestId('current-talk-title').innerText()).toBe('区域医疗中心的质量管理')
  expect(await page.getByTestId('current-talk').innerText()).toContain('讲者：顾一鸣')
  const left = page.getByTestId('time-left')
  expect(await left.innerText()).toMatch(/^剩余 (2[0-5]|1\d):\d\d$/)
  expect(await page.getByTestId('next-talk').innerText()).toContain(`圆桌讨论：分级诊疗`)
  expect(await page.getByTestId('next-talk').innerText()).toContain(`${formatTime(nextStartsAt, TIME_ZONE)} 开始`)
  // It ticks on the client.
  const first = Number(await left.getAttribute('data-remaining-ms'))
  await expect.poll(async () => Number(await left.getAttribute('data-remaining-ms')), { timeout: 5_000 }).toBeLessThan(first - 900)

  // Tabs from the keyboard: the arrow moves the selection and the focus.
  await qaTab.focus()
  await page.keyboard.press('ArrowRight')
  expect(await page.getByRole('tab', { name: '举手' }).getAttribute('aria-selected')).toBe('true')
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab')
  expect(await qaPanel.count()).toBe(0) // hidden: not in the accessibility tree
  await page.getByRole('tab', { name: '聊天' }).click()

  // An attendee asks through the player's Q&A while the moderator looks at the chat.
  const attendee = await registeredAttendee('console-qa')
  await attendee.page.goto(`${baseUrl}/events/${SLUG}/forums/main/live`)
  await hydrated(attendee.page)
  await attendee.page.getByTestId('join-live').click()
  // The interaction socket is up once the raise-hand button is enabled.
  await expect.poll(() => attendee.page.getByTestId('raise-hand').isEnabled(), { timeout: 20_000 }).toBe(true)
  const text = '质量指标如何与绩效考核挂钩？'
  await attendee.page.getByLabel('输入您的问题').fill(text)
  await attendee.page.getByRole('button', { name: '提问', exact: true }).click()
  await attendee.page.getByTestId('qa-item').filter({ hasText: text }).waitFor()

  const unread = page.getByTestId('unread-qa')
  await unread.waitFor({ timeout: 10_000 })
  expect(await unread.getAttribute('data-count')).toBe('1')
  expect(await qaTab.innerText()).toContain('1 条新内容')
  // Shown: the count is cleared and the question is there to moderate.
  await qaTab.click()
  await unread.waitFor({ state: 'detached' })
  const question = page.getByRole('tabpanel', { name: '提问' }).getByTestId('qa-item').filter({ hasText: text })
  await question.waitFor()
  expect(await question.getAttribute('data-status')).toBe('PENDING')
  expect(await page.evaluate(() => window.scrollY)).toBe(0)

  await attendee.context.close()
  await moderator.context.close()
})

test('the player: the volume slider and mute reach the video, the volume is remembered, and full screen takes the player', async () => {
  const { context, page } = await registeredAttendee('player-controls')
  // The stable mode (HLS): one video element carries picture and sound.
  await context.addCookies([{ name: 'cme_delivery', value: 'stable', url: baseUrl }])
  await page.goto(`${baseUrl}/events/${SLUG}/forums/main/live`)
  await hydrated(page)
  await page.getByTestId('join-live').click()
  const video = page.getByTestId('hls-video')
  await video.waitFor()
  const sound = () => video.evaluate((el) => ({ volume: (el as HTMLVideoElement).volume, muted: (el as HTMLVideoElement).muted }))
  // Autoplay rules: the stable mode starts muted, at full volume.
  expect(await sound()).toEqual({ volume: 1, muted: true })

  // The slider from the keyboard: 100 → 30 in steps of 5; moving it is the gesture that unmutes.
  const slider = page.getByRole('slider', { name: '音量' })
  await slider.focus()
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowLeft')
  await expect.poll(sound).toEqual({ volume: 0.3, muted: false })
  // Mute and unmute.
  await page.getByRole('button', { name: '静音', exact: true }).click()
  await expect.poll(sound).toEqual({ volume: 0.3, muted: true })
  await page.getByRole('button', { name: '取消静音' }).click()
  await expect.poll(sound).toEqual({ volume: 0.3, muted: false })

  // Full screen: the player's container (picture and controls), and back.
  await page.getByRole('button', { name: '全屏', exact: true }).click()
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null)).toBe('stage')
  await page.getByRole('button', { name: '退出全屏' }).click()
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull()

  // The volume is remembered on this device; the start stays muted (autoplay).
  await page.reload()
  await hydrated(page)
  await page.getByTestId('join-live').click()
  await video.waitFor()
  await expect.poll(sound).toEqual({ volume: 0.3, muted: true })
  expect(await slider.inputValue()).toBe('30')
  await context.close()
})
