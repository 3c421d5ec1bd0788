import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { removeEvent } from '../helpers/fixtures.ts'

/**
 * The player's controls on a phone (issue 15 §5), in Debian's Chromium emulating a 390×844 touch
 * phone: the moderator is live with a (fake) camera and microphone, and a registered attendee
 * watches on the phone, once over WebRTC (the default) and once in the stable mode (HLS, the
 * server's own broadcaster). Frames really arrive in both. The controls fit the width with no
 * sideways scrolling, nothing covers them, each is a 44 px touch target, and taps work: mute
 * reaches what plays the sound, the slider sets its volume, full screen takes the player and
 * gives it back. Then an iPhone, where a page can neither set the volume nor put an element in
 * full screen: no slider, and full screen goes to the video's system player.
 *
 * The test makes its own event and removes it afterwards, so no other browser test sees it.
 */
const baseUrl = inject('baseUrl')
const db = createPrisma(inject('appDatabaseUrl'), 2)
const SLUG = `player-phone-${Date.now().toString(36)}`
const MIN = 60_000
const WIDTH = 390
const HEIGHT = 844
/** A phone as Chromium emulates one: a mobile viewport (the page's width=device-width applies), touch, a phone's user agent. */
const ANDROID_PHONE: BrowserContextOptions = {
  locale: 'zh-CN',
  viewport: { width: WIDTH, height: HEIGHT },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
}
const IPHONE: BrowserContextOptions = {
  ...ANDROID_PHONE,
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
}

let browser: Browser
let eventId = ''
let moderator: { context: BrowserContext; page: Page } | null = null
/** The attendee's signed-in session, opened again in each phone context. */
let attendeeState: Awaited<ReturnType<BrowserContext['storageState']>>

beforeAll(async () => {
  browser = await launchChromium({ media: true })
  const moderatorUser = await db.user.findUniqueOrThrow({ where: { email: 'moderator@demo.cme-forum.org' }, select: { id: true } })
  const now = Date.now()
  const event = await db.event.create({
    data: {
      slug: SLUG,
      titleZh: '手机播放器测试会议',
      titleEn: 'Phone player test meeting',
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
          moderators: { create: [{ userId: moderatorUser.id }] },
        },
      },
      ticketTypes: { create: { nameZh: '免费参会', nameEn: 'Free attendance', quota: 100 } },
    },
    select: { id: true, ticketTypes: { select: { id: true } } },
  })
  eventId = event.id

  // The moderator goes live with the fake camera and microphone.
  moderator = await loggedIn(browser, baseUrl, 'moderator@demo.cme-forum.org')
  moderator.page.on('dialog', (dialog) => void dialog.accept())
  await moderator.page.goto(`${baseUrl}/events/${SLUG}/forums/main/console`)
  await hydrated(moderator.page)
  await moderator.page.waitForSelector('[data-testid="console-connection"][data-state="connected"]', { state: 'attached', timeout: 30_000 })
  await moderator.page.getByTestId('start-camera').click()
  await moderator.page.getByTestId('preview-video').waitFor()
  await moderator.page.getByTestId('live-go_live').click()
  await moderator.page.waitForSelector('[data-testid="live-status"][data-status="LIVE"]')

  // An attendee signed up through the real form, with a confirmed registration.
  const attendee = await signedUp(browser, baseUrl, 'phone-player')
  const user = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  await db.registration.create({ data: { eventId, ticketTypeId: event.ticketTypes[0]!.id, userId: user.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  attendeeState = await attendee.context.storageState()
  await attendee.context.close()
}, 120_000)

afterAll(async () => {
  // End the forum first, so the broadcaster stops before its forum goes.
  if (moderator) {
    await moderator.page.getByTestId('live-end').click()
    await moderator.page.waitForSelector('[data-testid="live-status"][data-status="ENDED"]')
    await moderator.context.close()
  }
  await browser?.close()
  if (eventId) await removeEvent(db, eventId)
  await db.$disconnect()
})

/** The attendee's player on a phone, joined (by a tap), in the given delivery. */
async function openOnPhone(device: BrowserContextOptions, delivery: 'WEBRTC' | 'HLS', prepare?: (context: BrowserContext) => Promise<unknown>) {
  const context = await browser.newContext({ ...device, storageState: attendeeState })
  if (delivery === 'HLS') await context.addCookies([{ name: 'cme_delivery', value: 'stable', url: baseUrl }])
  await prepare?.(context)
  const page = await context.newPage()
  await page.goto(`${baseUrl}/events/${SLUG}/forums/main/live`)
  await hydrated(page)
  // The emulation is a touch phone: a coarse pointer, no hover.
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches && matchMedia('(hover: none)').matches)).toBe(true)
  await page.getByTestId('join-live').tap()
  await page.waitForSelector(`[data-testid="delivery-mode"][data-delivery="${delivery}"]`, { timeout: 15_000 })
  return { context, page }
}

type Picture = { width: number; time: number; frames: number }
/** The video's decoded size, position and presented frames (requestVideoFrameCallback). */
function picture(video: Locator): Promise<Picture> {
  return video.evaluate((el) => {
    const v = el as HTMLVideoElement & { __frames?: number }
    if (v.__frames === undefined) {
      v.__frames = 0
      const count = () => {
        v.__frames!++
        v.requestVideoFrameCallback(count)
      }
      v.requestVideoFrameCallback(count)
    }
    return { width: v.videoWidth, time: v.currentTime, frames: v.__frames }
  })
}

/** Real frames: a decoded picture, the position advancing and new frames presented. */
async function expectFramesArriving(video: Locator, timeout: number) {
  await expect.poll(async () => (await picture(video)).width, { timeout, interval: 250 }).toBeGreaterThan(0)
  const first = await picture(video)
  await expect.poll(async () => (await picture(video)).time, { timeout: 30_000, interval: 250 }).toBeGreaterThan(first.time + 0.5)
  await expect.poll(async () => (await picture(video)).frames, { timeout: 30_000, interval: 250 }).toBeGreaterThan(first.frames + 10)
}

/**
 * Each control lies within the phone's width, is at least 44 × 44 px, and is what a finger at
 * its centre lands on (nothing drawn over it); and the page does not scroll sideways.
 */
async function expectReachable(page: Page, controls: Locator[]) {
  expect(await page.evaluate(() => ({ viewport: window.innerWidth, page: document.documentElement.scrollWidth }))).toEqual({ viewport: WIDTH, page: WIDTH })
  for (const control of controls) {
    const name = (await control.getAttribute('data-testid')) ?? '?'
    await control.scrollIntoViewIfNeeded()
    const box = await control.boundingBox()
    expect(box, `${name} is rendered`).not.toBeNull()
    expect(box!.x, `${name} starts inside the width`).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width, `${name} ends inside the width`).toBeLessThanOrEqual(WIDTH)
    expect(box!.height, `${name} is a 44 px touch target (height)`).toBeGreaterThanOrEqual(44)
    expect(box!.width, `${name} is a 44 px touch target (width)`).toBeGreaterThanOrEqual(44)
    const onTop = await control.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      return !!hit && (hit === el || el.contains(hit))
    })
    expect(onTop, `${name} is not covered`).toBe(true)
  }
}

/** Taps the slider's track at `fraction` of its width, as a finger would. */
async function tapSliderAt(slider: Locator, fraction: number) {
  const box = (await slider.boundingBox())!
  await slider.tap({ position: { x: box.width * fraction, y: box.height / 2 } })
}

/** Full screen by a tap takes the player (picture and controls, which stay on screen); a tap on the exit gives it back. */
async function expectFullscreenByTap(page: Page) {
  await page.getByTestId('player-fullscreen').tap()
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null)).toBe('stage')
  const exit = page.getByRole('button', { name: '退出全屏' })
  await expect.poll(() => exit.getAttribute('data-active')).toBe('true')
  const box = (await page.getByTestId('player-controls').boundingBox())!
  expect(box.y + box.height, 'the controls are on screen in full screen').toBeLessThanOrEqual(HEIGHT)
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH)
  await expectReachable(page, [page.getByTestId('player-mute'), exit])
  await exit.tap()
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull()
  await expect.poll(() => page.getByTestId('player-fullscreen').innerText()).toBe('全屏')
}

test('on an Android phone over WebRTC: frames arrive, and mute, volume and full screen work by touch without sideways scrolling', async () => {
  const { context, page } = await openOnPhone(ANDROID_PHONE, 'WEBRTC')
  await expectFramesArriving(page.getByTestId('stage-video'), 30_000)

  const mute = page.getByTestId('player-mute')
  const slider = page.getByTestId('player-volume')
  expect(await page.getByTestId('player-controls').getAttribute('data-volume')).toBe('slider')
  await expectReachable(page, [mute, slider, page.getByTestId('player-fullscreen')])

  // The video stays muted; the sound plays in audio elements (the moderator's microphone), and the controls act on those.
  const sound = () => page.getByTestId('stage').evaluate((stage) => [...stage.querySelectorAll('audio')].map((a) => ({ volume: a.volume, muted: a.muted })))
  await expect.poll(async () => (await sound()).length, { timeout: 15_000 }).toBeGreaterThan(0)
  if ((await mute.getAttribute('data-muted')) === 'true') {
    // The browser held the sound back until a gesture: the tap on "unmute" is that gesture.
    await mute.tap()
    await expect.poll(() => mute.getAttribute('data-muted')).toBe('false')
  }
  await expect.poll(sound).toEqual([{ volume: 1, muted: false }])
  await mute.tap()
  await expect.poll(sound).toEqual([{ volume: 1, muted: true }])
  expect(await mute.innerText()).toBe('取消静音')
  expect(await page.getByTestId('stage-video').evaluate((v) => (v as HTMLVideoElement).muted)).toBe(true)
  await mute.tap()
  await expect.poll(sound).toEqual([{ volume: 1, muted: false }])
  expect(await mute.innerText()).toBe('静音')

  // A tap on the slider's track, a third of the way along, sets about a third of the volume.
  await tapSliderAt(slider, 0.3)
  await expect.poll(async () => Number(await slider.inputValue())).toBeLessThan(50)
  const level = Number(await slider.inputValue()) / 100
  expect(level).toBeGreaterThan(0.1)
  await expect.poll(sound).toEqual([{ volume: level, muted: false }])

  await expectFullscreenByTap(page)
  // Still playing after full screen.
  await expectFramesArriving(page.getByTestId('stage-video'), 10_000)
  await context.close()
}, 120_000)

test('on an Android phone in the stable mode (HLS): frames arrive, and mute, volume and full screen work by touch on the video', async () => {
  const { context, page } = await openOnPhone(ANDROID_PHONE, 'HLS')
  const video = page.getByTestId('hls-video')
  // The broadcaster's ladder of the moderator's camera: the first segments take a few seconds.
  await expectFramesArriving(video, 60_000)

  const mute = page.getByTestId('player-mute')
  const slider = page.getByTestId('player-volume')
  await expectReachable(page, [mute, slider, page.getByTestId('player-fullscreen')])

  // One video carries picture and sound; autoplay rules start it muted.
  const sound = () => video.evaluate((el) => ({ volume: (el as HTMLVideoElement).volume, muted: (el as HTMLVideoElement).muted }))
  expect(await sound()).toEqual({ volume: 1, muted: true })
  await mute.tap()
  await expect.poll(sound).toEqual({ volume: 1, muted: false })
  await mute.tap()
  await expect.poll(sound).toEqual({ volume: 1, muted: true })
  // Moving the slider is a gesture for sound: it sets the volume and unmutes.
  await tapSliderAt(slider, 0.3)
  await expect.poll(async () => Number(await slider.inputValue())).toBeLessThan(50)
  const level = Number(await slider.inputValue()) / 100
  expect(level).toBeGreaterThan(0.1)
  await expect.poll(sound).toEqual({ volume: level, muted: false })

  await expectFullscreenByTap(page)
  await context.close()
}, 150_000)

test('on an iPhone, where the page cannot set the volume or fill the screen: no slider, mute works, and full screen opens the video in the system player', async () => {
  const { context, page } = await openOnPhone(IPHONE, 'WEBRTC', (c) =>
    c.addInitScript(() => {
      // Safari on iPhone: a media element's volume belongs to the device's buttons (a value set
      // from script is ignored and reads back as 1), no element but a video goes full screen,
      // and a video does so in the system player (webkitEnterFullscreen).
      Object.defineProperty(HTMLMediaElement.prototype, 'volume', { configurable: true, get: () => 1, set: () => undefined })
      Object.defineProperty(Document.prototype, 'fullscreenEnabled', { configurable: true, get: () => false })
      Object.defineProperty(Document.prototype, 'webkitFullscreenEnabled', { configurable: true, get: () => false })
      Object.defineProperty(HTMLVideoElement.prototype, 'webkitEnterFullscreen', {
        configurable: true,
        value(this: HTMLVideoElement) {
          this.setAttribute('data-system-fullscreen', 'true')
        },
      })
    }),
  )
  const video = page.getByTestId('stage-video')
  await expectFramesArriving(video, 30_000)

  // The device's buttons set the level: no slider that would move and change nothing.
  const controls = page.getByTestId('player-controls')
  expect(await controls.getAttribute('data-volume')).toBe('device')
  expect(await page.getByTestId('player-volume').count()).toBe(0)
  const mute = page.getByTestId('player-mute')
  await expectReachable(page, [mute, page.getByTestId('player-fullscreen')])

  // Mute is the page's to set, and it works.
  const muted = () => page.getByTestId('stage').evaluate((stage) => [...stage.querySelectorAll('audio')].map((a) => a.muted))
  await expect.poll(async () => (await muted()).length, { timeout: 15_000 }).toBeGreaterThan(0)
  if ((await mute.getAttribute('data-muted')) === 'true') await mute.tap()
  await expect.poll(muted).toEqual([false])
  await mute.tap()
  await expect.poll(muted).toEqual([true])

  // Full screen: the picture in the system player, the page itself never full screen.
  await page.getByTestId('player-fullscreen').tap()
  await expect.poll(() => video.getAttribute('data-system-fullscreen')).toBe('true')
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull()
  await context.close()
}, 120_000)
