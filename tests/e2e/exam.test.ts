import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
const event = 'antibiotic-stewardship-instructor-training-2026'
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

/** "09:41" → 581 seconds. */
const seconds = (clock: string) =>
  clock
    .split(':')
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0)

/** Gives the first option (or, for a typed answer, "24") and waits until the server has it. */
async function answer(question: Locator, position: number, page: Page) {
  // After a navigation the URL changes before the paper is drawn and wired: wait for both.
  await question.waitFor()
  await hydrated(page)
  const option = question.locator('.exam-option input')
  if ((await option.count()) > 0) await question.locator('.exam-option').first().click()
  else {
    await question.locator('input.exam-text').fill('24')
    await question.locator('input.exam-text').blur()
  }
  await page.getByTestId(`save-state-${position}`).filter({ hasText: '已保存' }).waitFor()
}

async function firstAnswerKept(question: Locator) {
  if ((await question.locator('.exam-option input').count()) > 0) return question.locator('.exam-option input').first().isChecked()
  return (await question.locator('input.exam-text').inputValue()) === '24'
}

test('an attendee takes the self-test on a phone, reloads halfway with answers and time kept, submits and sees the result with the answers', async () => {
  const { context, page } = await loggedIn(browser, baseUrl, 'attendee@demo.cme-forum.org')
  await page.goto(`${baseUrl}/events/${event}/assessments`)
  await page.getByRole('link', { name: '抗菌药物合理应用课前自测' }).click()
  expect(await page.locator('.exam-facts').innerText()).toContain('限时 10 分钟')
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('start-exam').click()
  await page.waitForURL(/\/attempts\/[a-z0-9]+$/)
  const attemptUrl = page.url()

  const questions = page.getByTestId('exam-question')
  await questions.first().waitFor()
  expect(await questions.count()).toBe(5)
  for (const i of [0, 1, 2]) await answer(questions.nth(i), i, page)
  expect(await page.getByTestId('answered-count').innerText()).toBe('已答 3 / 5 题')
  const before = seconds(await page.getByTestId('time-left').innerText())
  expect(before).toBeLessThanOrEqual(600)
  expect(before).toBeGreaterThan(500)

  // A reload (or a crash and another device) resumes the same paper, answers and clock.
  const texts = await questions.locator('.exam-text-block').allInnerTexts()
  await page.reload()
  await questions.first().waitFor()
  expect(await questions.locator('.exam-text-block').allInnerTexts()).toEqual(texts)
  for (const i of [0, 1, 2]) expect(await firstAnswerKept(questions.nth(i))).toBe(true)
  expect(await page.getByTestId('answered-count').innerText()).toBe('已答 3 / 5 题')
  const after = seconds(await page.getByTestId('time-left').innerText())
  expect(after).toBeLessThanOrEqual(before)
  expect(after).toBeGreaterThan(before - 60)

  // The start page offers to resume rather than start a second attempt.
  await page.goto(`${baseUrl}/events/${event}`)
  await page.goto(attemptUrl.replace(/\/attempts\/.*$/, ''))
  expect(await page.getByTestId('resume-attempt').innerText()).toMatch(/^继续作答（剩余 \d\d:\d\d）$/)
  await page.getByTestId('resume-attempt').click()
  await page.waitForURL(attemptUrl)

  for (const i of [3, 4]) await answer(questions.nth(i), i, page)
  // Leaving the page is recorded on the attempt (sent with navigator.sendBeacon).
  await page.evaluate(() => window.dispatchEvent(new Event('blur')))
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('submit-exam').click()
  // Submitted at once; the grading queue grades it and the page shows the result when ready.
  await page.getByTestId('exam-grading').or(page.getByTestId('exam-result')).first().waitFor()
  await page.getByTestId('exam-result').waitFor({ timeout: 30_000 })
  expect(await page.getByTestId('exam-result').getAttribute('data-status')).toBe('SUBMITTED')
  expect(await page.locator('.exam-score').innerText()).toMatch(/^得分 \d+(\.\d+)? \/ 5（\d+(\.\d+)?%）$/)
  expect(['通过', '未通过']).toContain(await page.getByTestId('exam-passed').innerText())
  // The self-test shows the answers right after submission.
  expect(await page.getByTestId('review-question').count()).toBe(5)
  expect(await page.getByTestId('answer-key').count()).toBe(5)

  // Staff see the attempt in the results, with its integrity record.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff`)
  const eventLink = staff.page.locator('[data-testid="staff-events"] li', { hasText: '抗菌药物' }).getByRole('link').first()
  const href = (await eventLink.getAttribute('href'))!
  await staff.page.goto(`${baseUrl}${href}/exams`)
  await staff.page.locator('[data-testid="staff-exams"] li', { hasText: '课前自测' }).getByRole('link', { name: '成绩' }).click()
  await staff.page.getByTestId('results-table').waitFor()
  expect(await staff.page.getByTestId('results-table').innerText()).toContain('陈静')
  expect(await staff.page.getByTestId('results-summary').innerText()).toContain('已交卷 1 份')
  expect(await staff.page.getByTestId('results-table').innerText()).toMatch(/失焦 [1-9]/)
  await staff.context.close()
  await context.close()
})
