import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { utcToZonedInput } from '../../app/domain/time.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { BANK_GIFT, examForm } from '../helpers/exam-fixtures.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
let db: Db
beforeAll(async () => {
  browser = await launchChromium()
  db = createPrisma(inject('appDatabaseUrl'), 1)
})
afterAll(async () => {
  await browser?.close()
  await db?.$disconnect()
})

/** An event with a published exam of five questions, open from an hour ago for a week; `userId` holds a confirmed seat. */
async function openExam(userId: string) {
  const { importQuestions } = await import('../../app/services/exams/import-questions.server.ts')
  const { saveExam } = await import('../../app/services/exams/save-exam.server.ts')
  const event = await createEvent(db, { startsAt: new Date(Date.now() - 2 * 3_600_000) })
  const ticket = await createTicketType(db, event.id)
  await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED', confirmedAt: new Date() } })
  const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
  const zone = 'Asia/Shanghai'
  const window = { opensAt: utcToZonedInput(new Date(Date.now() - 3_600_000), zone), closesAt: utcToZonedInput(new Date(Date.now() + 7 * 86_400_000), zone) }
  const exam = await saveExam(db, { eventId: event.id, form: examForm({ questionIds, ...window, timeLimitMinutes: 30 }) })
  return { slug: event.slug, examId: (exam as { id: string }).id }
}

/** Gives the first option (or, for a typed answer, "24"); does not wait for the save. */
async function give(question: Locator, page: Page) {
  await question.waitFor()
  await hydrated(page)
  if ((await question.locator('.exam-option input').count()) > 0) await question.locator('.exam-option').first().click()
  else {
    await question.locator('input.exam-text').fill('24')
    await question.locator('input.exam-text').blur()
  }
}

const saveState = (page: Page, position: number) => page.getByTestId(`save-state-${position}`)
const stored = async (attemptId: string, position: number) =>
  (await db.examAttemptQuestion.findUniqueOrThrow({ where: { attemptId_position: { attemptId, position } }, select: { response: true } })).response
const keptOnDevice = (page: Page, attemptId: string, position: number) => page.evaluate((key) => localStorage.getItem(key), `exam-answer:${attemptId}:${position}`)

test('autosave never says "saved" when it is not: logged out, offline and time up each show "not saved" with the reason, and the answer is kept and sent again', async () => {
  // A new attendee with a confirmed seat for an event of its own, whose exam is open now
  // (the demo's self-test belongs to tests/e2e/exam.test.ts, which counts its attempts).
  const { context, page, email } = await signedUp(browser, baseUrl, 'autosave')
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
  const { slug, examId } = await openExam(user.id)

  await page.goto(`${baseUrl}/events/${slug}/exams/${examId}`)
  page.once('dialog', (dialog) => void dialog.accept())
  await hydrated(page)
  await page.getByTestId('start-exam').click()
  await page.waitForURL(/\/attempts\/[a-z0-9]+$/)
  const attemptUrl = page.url()
  const attemptId = attemptUrl.split('/').pop()!
  const api = `/api/exam-attempts/${attemptId}`
  const questions = page.getByTestId('exam-question')

  await give(questions.nth(0), page)
  await saveState(page, 0).filter({ hasText: '已保存' }).waitFor()
  expect(await stored(attemptId, 0)).not.toBeNull()
  expect(await keptOnDevice(page, attemptId, 0)).toBeNull()

  // The integrity beacon: same-origin, a Blob typed application/json is queued and counted.
  const before = (await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).focusLosses
  const queued = await page.evaluate((url) => navigator.sendBeacon(url, new Blob([JSON.stringify({ intent: 'signal', signal: 'focus_lost' })], { type: 'application/json' })), api)
  expect(queued).toBe(true)
  await expect.poll(async () => (await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).focusLosses, { timeout: 10_000 }).toBe(before + 1)

  // The API's statuses reach the browser as they are; text/plain (what another site could send) is refused.
  const plain = await page.evaluate(async (url) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ intent: 'signal', signal: 'focus_lost' }) })
    return { status: res.status, body: await res.json() }
  }, api)
  expect(plain).toEqual({ status: 415, body: { ok: false, error: { code: 'unsupported_media_type', message: '请求格式不受支持，请以 JSON（application/json）发送。' } } })

  // Log out in another tab; this tab does not know.
  const other = await context.newPage()
  await other.goto(`${baseUrl}/events`)
  await hydrated(other)
  await other.getByRole('button', { name: '退出登录' }).click()
  await other.getByRole('link', { name: '登录' }).first().waitFor()
  await other.close()

  const loggedOut = await page.evaluate(async (url) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ intent: 'signal', signal: 'focus_lost' }) })
    return { status: res.status, redirected: res.redirected, body: await res.json() }
  }, api)
  expect(loggedOut).toEqual({ status: 401, redirected: false, body: { ok: false, error: { code: 'unauthenticated', message: '请先登录。' } } })

  await give(questions.nth(1), page)
  await saveState(page, 1).filter({ hasText: '未保存：登录已失效' }).waitFor()
  expect(await saveState(page, 1).getAttribute('data-reason')).toBe('signed_out')
  expect(await page.getByTestId('autosave-alert').innerText()).toContain('1 题的答案还没有保存到服务器')
  expect(await stored(attemptId, 1)).toBeNull()
  expect(await keptOnDevice(page, attemptId, 1)).not.toBeNull()

  // Log in again through the link: it comes back to the attempt, which sends the kept answer first.
  await page.getByTestId('log-in-again').click()
  await page.waitForURL(/\/login\?redirectTo=/)
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByLabel('密码').fill('a-good-password')
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(attemptUrl)
  await saveState(page, 1).filter({ hasText: '已保存' }).waitFor()
  expect(await stored(attemptId, 1)).not.toBeNull()
  expect(await keptOnDevice(page, attemptId, 1)).toBeNull()
  expect(await page.getByTestId('autosave-alert').count()).toBe(0)
  if ((await questions.nth(1).locator('.exam-option input').count()) > 0) expect(await questions.nth(1).locator('.exam-option input').first().isChecked()).toBe(true)

  // Offline: "not saved, retrying", kept on the device, saved once the network is back.
  await context.setOffline(true)
  await give(questions.nth(2), page)
  await saveState(page, 2).filter({ hasText: '未保存：网络中断，正在重试' }).waitFor()
  expect(await keptOnDevice(page, attemptId, 2)).not.toBeNull()
  await context.setOffline(false)
  await page.evaluate(() => window.dispatchEvent(new Event('online')))
  await saveState(page, 2).filter({ hasText: '已保存' }).waitFor()
  expect(await stored(attemptId, 2)).not.toBeNull()

  // Time up (the deadline and its grace passed while the page still runs): the answer is
  // refused with 409, and the result page says which change did not count.
  await db.examAttempt.update({ where: { id: attemptId }, data: { deadline: new Date(Date.now() - 10 * 60_000) } })
  await give(questions.nth(3), page)
  await page.getByTestId('exam-result').waitFor({ timeout: 30_000 })
  expect(await page.getByTestId('exam-result').getAttribute('data-status')).toBe('AUTO_SUBMITTED')
  expect(await page.getByTestId('autosave-lost').innerText()).toBe('交卷前有 1 题的修改没有保存（第 4 题），不计入成绩。')
  expect(await stored(attemptId, 3)).toBeNull()
  expect(await keptOnDevice(page, attemptId, 3)).toBeNull()
  await context.close()
})
