import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { recordingDir } from '../../app/domain/hls-layout.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { writeSyntheticRecording } from '../helpers/synthetic-hls.ts'

const baseUrl = inject('baseUrl')
const recordingsDir = inject('recordingsDir')
let browser: Browser
let db: Db

beforeAll(async () => {
  browser = await launchChromium()
  db = createPrisma(inject('appDatabaseUrl'), 2)
})
afterAll(async () => {
  await browser?.close()
  await db?.$disconnect()
})

/**
 * A forum that went live ten minutes ago for `seconds`, with `sessions` (offsets in seconds
 * from going live), `userId` registered; its recording (real H.264/AAC HLS) left for the
 * server's recording finaliser, which makes the replay by itself.
 */
async function endedForumWithRecording(userId: string, seconds: number, sessions: { title: string; from: number; to: number }[]) {
  // On the minute: credit counts whole minutes.
  const liveAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 600_000)
  const at = (s: number) => new Date(liveAt.getTime() + s * 1000)
  const event = await createEvent(db, { startsAt: new Date(liveAt.getTime() - 3_600_000) })
  const forum = event.forums[0]!
  await db.session.createMany({ data: sessions.map((s, i) => ({ forumId: forum.id, kind: 'TALK' as const, titleZh: s.title, titleEn: s.title, startsAt: at(s.from), endsAt: at(s.to), position: i })) })
  const ticket = await createTicketType(db, event.id)
  await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED', confirmedAt: at(-3600) } })
  const recording = await db.recording.create({ data: { forumId: forum.id, dir: 'pending', startedAt: liveAt } })
  await db.recording.update({ where: { id: recording.id }, data: { dir: recordingDir(forum.id, recording.id) } })
  await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [seconds], startedAt: liveAt, ended: true })
  await db.forum.update({ where: { id: forum.id }, data: { startsAt: liveAt, endsAt: at(3600), liveStatus: 'ENDED', liveStartedAt: liveAt, liveEndedAt: at(seconds) } })
  await db.forumLiveStatusChange.createMany({
    data: [
      { forumId: forum.id, from: 'OFFLINE', to: 'LIVE', at: liveAt },
      { forumId: forum.id, from: 'LIVE', to: 'ENDED', at: at(seconds) },
    ],
  })
  // The server's finaliser makes the (unpublished) replay within seconds.
  await expect.poll(() => db.replay.count({ where: { recordingId: recording.id } }), { timeout: 15_000, interval: 250 }).toBe(1)
  return { event, forum, recording }
}

async function publishAsStaff(forumId: string) {
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/forums/${forumId}/replay`)
  await hydrated(staff.page)
  expect(await staff.page.getByTestId('recording-status').innerText()).toBe('已结束')
  expect(await staff.page.getByTestId('replay-published').innerText()).toBe('未发布')
  // Bad trims are refused with a message, and change nothing.
  await staff.page.locator('input[name="trimStart"]').fill('abc')
  await staff.page.getByTestId('replay-trim').click()
  await staff.page.getByText('请输入秒数或 时:分:秒').waitFor()
  await staff.page.locator('input[name="trimStart"]').fill('99:00')
  await staff.page.getByTestId('replay-trim').click()
  await staff.page.getByText('剪辑点超出录制范围').waitFor()
  expect(await staff.page.getByTestId('replay-kept').innerText()).toContain('00:00–00:1')
  await staff.page.getByTestId('replay-publish').click()
  await staff.page.getByTestId('replay-published').filter({ hasText: '已发布' }).waitFor()
  await staff.context.close()
}

const video = (page: Page) => page.getByTestId('replay-video')
const videoState = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, time: v.currentTime, paused: v.paused }))

/** How the player's reporting went (socket state, seconds acknowledged, last refusal), and what the page logged. */
const consoleLines = new WeakMap<Page, string[]>()
async function reporting(page: Page) {
  const dataset = await page.getByTestId('replay-player').evaluate((el: HTMLElement) => JSON.stringify(el.dataset))
  return `${dataset}; console: ${(consoleLines.get(page) ?? []).join(' | ').slice(-1500)}`
}
function keepConsole(page: Page) {
  const lines: string[] = []
  consoleLines.set(page, lines)
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`))
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`))
}

async function play(page: Page) {
  await video(page).evaluate((v: HTMLVideoElement) => {
    v.muted = true
    return v.play()
  })
}

test('a published replay plays, seeks to an agenda chapter, and what was played reaches the ledger', async () => {
  const attendee = await signedUp(browser, baseUrl, 'replay')
  keepConsole(attendee.page)
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  const { event, forum } = await endedForumWithRecording(userId, 12, [
    { title: '开场致辞', from: -60, to: 6 },
    { title: '病例讨论', from: 6, to: 60 },
  ])
  const page = attendee.page
  const url = `${baseUrl}/events/${event.slug}/forums/${forum.slug}/replay`

  // Not published yet: a clear message, no player.
  await page.goto(url)
  expect(await page.getByTestId('replay-refused').getAttribute('data-state')).toBe('not_published')
  await publishAsStaff(forum.id)

  await page.goto(`${baseUrl}/events/${event.slug}/forums/${forum.slug}`)
  await page.getByTestId('watch-replay').click()
  await page.waitForURL(/\/replay$/)
  await hydrated(page)
  const chapters = page.getByTestId('replay-chapter')
  expect(await chapters.allInnerTexts()).toEqual(['00:00 开场致辞', '00:06 病例讨论'])
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
  await play(page)
  await expect.poll(async () => (await videoState(page)).width, { timeout: 15_000 }).toBeGreaterThan(0)
  const t1 = (await videoState(page)).time
  await expect.poll(async () => (await videoState(page)).time, { timeout: 20_000 }).toBeGreaterThan(t1 + 1)

  // The second chapter seeks to 6 s and plays on.
  await chapters.nth(1).click()
  await expect.poll(async () => (await videoState(page)).time, { timeout: 20_000 }).toBeGreaterThanOrEqual(6)
  await expect.poll(async () => (await videoState(page)).time, { timeout: 20_000 }).toBeGreaterThan(7)
  await video(page).evaluate((v: HTMLVideoElement) => v.pause())

  // What was played is in the ledger as REPLAY_PROGRESS on the forum's media timeline; the seek left no range behind it.
  const rows = () =>
    db.attendanceEvent.findMany({ where: { forumId: forum.id, kind: 'REPLAY_PROGRESS' }, select: { source: true, mediaFromSec: true, mediaToSec: true }, orderBy: { mediaFromSec: 'asc' } })
  await expect
    .poll(async () => (await rows()).length, { timeout: 30_000, message: 'replay ranges in the ledger' })
    .toBeGreaterThanOrEqual(2)
    .catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}; player: ${await reporting(page)}`)
    })
  const ranges = await rows()
  expect(ranges.every((r) => r.source === 'REPLAY' && r.mediaToSec! > r.mediaFromSec! && r.mediaToSec! <= 12.5)).toBe(true)
  expect(ranges[0]!.mediaFromSec).toBeLessThan(1)
  expect(ranges.at(-1)!.mediaFromSec).toBeGreaterThanOrEqual(5.9)
  await attendee.context.close()
})

test('watching a short replay at 2× earns a REPLAY credit rule’s certificate', async () => {
  const attendee = await signedUp(browser, baseUrl, 'replaycredit')
  keepConsole(attendee.page)
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  // A one-minute talk, recorded whole: 30 s of watching at 2×.
  const { event, forum } = await endedForumWithRecording(userId, 60, [{ title: '回放学分讲座', from: 0, to: 60 }])
  await db.creditRule.create({
    data: {
      eventId: event.id,
      nameZh: '回放学分',
      nameEn: 'Replay credit',
      scheme: 'CN_CME_CLASS_II',
      mode: 'FIXED',
      credits: 1,
      sources: ['REPLAY'],
      minAttendedRatio: 0.8,
      requireExamPassed: false,
      requireEvaluation: false,
      projectNumber: 'E2E-REPLAY-001',
      projectLevel: 'MUNICIPAL',
    },
  })
  await db.replay.updateMany({ where: { forumId: forum.id }, data: { published: true, publishedAt: new Date() } })
  const page = attendee.page
  await page.goto(`${baseUrl}/events/${event.slug}/forums/${forum.slug}/replay`)
  await hydrated(page)
  await page.getByTestId('replay-speed').selectOption('2')
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
  await play(page)
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.ended), { timeout: 60_000 }).toBe(true)
  expect(await video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2)

  // The ranges played reach the ledger: at least the rule's 80% of the minute (48 s).
  const watched = async () => {
    const rows = await db.attendanceEvent.findMany({ where: { forumId: forum.id, kind: 'REPLAY_PROGRESS' }, select: { mediaFromSec: true, mediaToSec: true } })
    return rows.reduce((sum, r) => sum + (r.mediaToSec! - r.mediaFromSec!), 0)
  }
  await expect
    .poll(watched, { timeout: 30_000, interval: 500, message: 'watched seconds in the ledger' })
    .toBeGreaterThanOrEqual(48)
    .catch(async (error: unknown) => {
      // Say how the player's reporting went (socket state, seconds acknowledged, last refusal).
      throw new Error(`${(error as Error).message}; player: ${await reporting(page)}`)
    })

  await page.goto(`${baseUrl}/me/credits`)
  const certificate = page.locator('[data-testid="certificate"][data-status="VALID"]').filter({ hasText: '回放学分' })
  // The credit evaluation follows the replay reports and the certificate queue: on a loaded
  // machine that takes a while; the credits page polls until it is there.
  await certificate.first().waitFor({ timeout: 90_000 })
  await attendee.context.close()
}, 240_000)
