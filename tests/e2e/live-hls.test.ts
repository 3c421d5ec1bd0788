import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { LIVE_MEDIA_PLAYLIST, RENDITION_NAMES, recordingDir } from '../../app/domain/hls-layout.ts'
import { renderMediaPlaylist } from '../../app/domain/hls-playlist.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { writeSyntheticRecording, type SyntheticRecording } from '../helpers/synthetic-hls.ts'
import { keepDemoEventsOpen } from '../helpers/open-demo-events.ts'

/**
 * The HLS tier of the player in Debian's Chromium (H.264/AAC): a LIVE forum whose recording is
 * a real ffmpeg-made HLS ladder on disk (tests/helpers/synthetic-hls.ts; the broadcaster is
 * another part), served by the app's signed-URL origin. A viewer switches to the stable mode,
 * decodes frames through hls.js, sees the mode and the delay in words, keeps the choice after
 * a reload, answers a presence check, and the ledger records the delivery of each JOIN.
 */
const baseUrl = inject('baseUrl')
const slug = 'high-altitude-medicine-forum-2026'
const LIVE_FORUM = 'sub-3-urology'
const OFFLINE_FORUM = 'sub-4-quality-safety'
let browser: Browser
const db = createPrisma(inject('appDatabaseUrl'), 2)
let stopFeeding = () => undefined as void

beforeAll(async () => {
  // The demo's August events are over by now: open them as staff would, whatever the date or the order of the files.
  await keepDemoEventsOpen()
  browser = await launchChromium()
})
afterAll(async () => {
  stopFeeding()
  await browser?.close()
  await db.$disconnect()
})

type Picture = { width: number; time: number; frames: number; paused: boolean }
/** The HLS video's decoded size, position and (requestVideoFrameCallback) presented frames. */
async function picture(page: Page): Promise<Picture> {
  return page.getByTestId('hls-video').evaluate((el) => {
    const video = el as HTMLVideoElement & { __frames?: number }
    if (video.__frames === undefined) {
      video.__frames = 0
      const count = () => {
        video.__frames!++
        video.requestVideoFrameCallback(count)
      }
      video.requestVideoFrameCallback(count)
    }
    return { width: video.videoWidth, time: video.currentTime, frames: video.__frames, paused: video.paused }
  })
}

/**
 * A growing live playlist, as the broadcaster writes it: the recording's segments are made in
 * advance, and one more is published every segment duration, each stamped (PROGRAM-DATE-TIME)
 * with the wall-clock time it went out.
 */
function feedLive(recording: SyntheticRecording, firstSegments: number): () => void {
  let published = firstSegments
  const publish = async () => {
    const text = renderMediaPlaylist({ segments: recording.segments.slice(0, published), ended: false, type: 'EVENT' })
    for (const name of RENDITION_NAMES) await writeFile(path.join(recording.dir, name, LIVE_MEDIA_PLAYLIST), text)
  }
  void publish()
  const timer = setInterval(() => {
    published = Math.min(published + 1, recording.segments.length)
    void publish()
  }, 2000)
  return () => clearInterval(timer)
}

/** Frames decoded and presented, and the position advancing. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await picture(page)).width, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0)
  const first = await picture(page)
  // Generous: on CI's 2 cores the browser may share them with an encoder and another test run.
  await expect.poll(async () => (await picture(page)).time, { timeout: 30_000, interval: 250 }).toBeGreaterThan(first.time + 0.5)
  await expect.poll(async () => (await picture(page)).frames, { timeout: 30_000, interval: 250 }).toBeGreaterThan(first.frames + 10)
}

test('a viewer in the stable mode watches over HLS, answers a presence check, and the ledger says HLS', async () => {
  // Staff take the forum live.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/events/${slug}/forums/${LIVE_FORUM}/console`)
  await staff.page.getByTestId('live-go_live').click()
  await staff.page.waitForSelector('[data-testid="live-status"][data-status="LIVE"]')

  // The forum's open recording, with 20 s of real HLS media and no ENDLIST: a live playlist, as
  // the broadcaster writes it. Going live opened a recording that the server's own broadcaster
  // now writes (a black canvas: nobody is on stage); it is set aside so that the one the viewer
  // gets is this test's, fed on the segment cadence.
  const forum = await db.forum.findFirstOrThrow({ where: { slug: LIVE_FORUM, event: { slug } }, select: { id: true } })
  const startedAt = new Date(Date.now() - 20_000) // 10 segments of 2 s are out when the test starts
  await db.recording.updateMany({ where: { forumId: forum.id, status: 'RECORDING' }, data: { status: 'FAILED', failureReason: 'set_aside_by_test' } })
  const recording = await db.recording.create({ data: { forumId: forum.id, status: 'RECORDING', dir: '', startedAt } })
  await db.recording.update({ where: { id: recording.id }, data: { dir: recordingDir(forum.id, recording.id) } })
  const media = await writeSyntheticRecording({ recordingsDir: inject('recordingsDir'), forumId: forum.id, recordingId: recording.id, runSeconds: [120], startedAt })
  stopFeeding = feedLive(media, 10)

  const { context, page } = await signedUp(browser, baseUrl, 'hls')
  await page.goto(`${baseUrl}/events/${slug}/register`)
  await page.getByLabel('工作单位').fill('青海大学附属医院')
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.getByTestId('ticket-status').waitFor()
  const registration = await db.registration.findFirstOrThrow({ where: { event: { slug }, user: { realName: { startsWith: '测试hls' } } }, orderBy: { createdAt: 'desc' }, select: { id: true } })

  // An empty node: the viewer starts on WebRTC, and switches to the stable mode.
  await page.goto(`${baseUrl}/events/${slug}/forums/${LIVE_FORUM}/live`)
  await page.getByTestId('join-live').click()
  await page.waitForSelector('[data-testid="delivery-mode"][data-delivery="WEBRTC"]')
  expect(await page.getByTestId('delivery-mode').innerText()).toContain('实时模式（WebRTC）')
  await page.getByText('正在记录您的观看时长（用于学分）。').waitFor()
  await page.getByTestId('delivery-switch').click()
  await page.waitForSelector('[data-testid="delivery-mode"][data-delivery="HLS"]', { timeout: 15_000 })
  expect(await page.getByTestId('delivery-mode').innerText()).toContain('稳定模式（HLS）')
  await expectPlaying(page)
  // About how far behind live: the frame's PROGRAM-DATE-TIME against the clock.
  await expect.poll(() => page.getByTestId('behind-live').innerText(), { timeout: 10_000 }).toMatch(/^约落后直播 \d+ 秒$/)

  // The choice is remembered: after a reload the player starts in HLS at once. This time the
  // signed URLs are made to look short-lived (expiresAt in 6 s), so the player fetches fresh ones
  // every 3 s while it plays: later playlist requests go out on the newer tokens, and playback
  // carries on without a rebuild.
  await page.route('**/api/hls/access?*', async (route) => {
    try {
      const response = await route.fetch()
      const body = (await response.json()) as { expiresAt: string }
      await route.fulfill({ response, json: { ...body, expiresAt: new Date(Date.now() + 6000).toISOString() } })
    } catch (error) {
      // A renewal in flight when the page closes or navigates has nobody left to answer.
      if (!/closed|already handled/i.test(String(error))) throw error
    }
  })
  const tokens: string[] = []
  page.on('request', (r) => {
    const m = /\/media\/hls\/([A-Za-z0-9_-]{22})\/\d+\/[^/]+\/[^/]+\/720p\/index\.m3u8/.exec(r.url())
    if (m && tokens.at(-1) !== m[1]) tokens.push(m[1]!)
  })
  await page.reload()
  await page.getByTestId('join-live').click()
  await page.waitForSelector('[data-testid="delivery-mode"][data-delivery="HLS"]')
  await expectPlaying(page)
  const before = await picture(page)
  await expect.poll(() => new Set(tokens).size, { timeout: 15_000, interval: 500 }).toBeGreaterThanOrEqual(3)
  await expectPlaying(page)
  expect((await picture(page)).time).toBeGreaterThan(before.time)
  expect(await page.getByTestId('stage').getAttribute('data-hls-status')).toBe('playing')
  expect(await page.getByTestId('stage').getAttribute('data-recoveries')).toBe('0')
  await page.unroute('**/api/hls/access?*')
  await page.getByText('正在记录您的观看时长（用于学分）。').waitFor()
  expect(await page.getByTestId('delivery-switch').innerText()).toBe('切换回实时模式')

  // Presence checks reach an HLS viewer as any other (socket.io, independent of the media).
  await staff.page.getByTestId('presence-check').click()
  await staff.page.getByTestId('presence-check-result').waitFor()
  const prompt = page.getByTestId('presence-prompt')
  await prompt.waitFor()
  await prompt.getByRole('button', { name: '我在线' }).click()
  await prompt.waitFor({ state: 'detached' })

  // The ledger: the first JOIN on WebRTC, the one after the reload on HLS, and the answer.
  await expect
    .poll(
      async () =>
        (await db.attendanceEvent.findMany({ where: { registrationId: registration.id, forumId: forum.id }, orderBy: { id: 'asc' }, select: { kind: true, delivery: true } })).filter((r) =>
          ['JOIN', 'PRESENCE_ACK'].includes(r.kind),
        ),
      { timeout: 10_000 },
    )
    .toEqual([
      { kind: 'JOIN', delivery: 'WEBRTC' },
      { kind: 'JOIN', delivery: 'HLS' },
      { kind: 'PRESENCE_ACK', delivery: null },
    ])

  // The chat goes through the stage's signalling, which the HLS player keeps without media.
  await page.getByLabel('输入消息').fill('HLS 观众的消息')
  await page.getByRole('button', { name: '发送' }).click()
  await page.getByTestId('chat-log').getByText('HLS 观众的消息').waitFor()

  // The venue screen of the live forum: full-screen HLS, no controls.
  await page.goto(`${baseUrl}/events/${slug}/forums/${LIVE_FORUM}/venue`)
  await expectPlaying(page)
  expect(await page.getByTestId('hls-video').getAttribute('controls')).toBeNull()

  // A venue screen of a forum that is not live says so in big letters.
  await page.goto(`${baseUrl}/events/${slug}/forums/${OFFLINE_FORUM}/venue`)
  await expect.poll(() => page.getByTestId('venue-status').innerText()).toContain('直播尚未开始')
  stopFeeding()

  await page.unrouteAll({ behavior: 'ignoreErrors' })
  await staff.context.close()
  await context.close()
}, 240_000)

test('a venue screen is refused to someone without a confirmed registration', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'novenue')
  const res = await page.goto(`${baseUrl}/events/${slug}/forums/${LIVE_FORUM}/venue`)
  expect(res?.status()).toBe(403)
  await expect.poll(() => page.getByTestId('venue-status').innerText()).toContain('只有已确认报名的参会者')
  await context.close()
})
