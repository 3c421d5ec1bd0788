import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { keepDemoEventsOpen } from '../helpers/open-demo-events.ts'

const baseUrl = inject('baseUrl')
// Its own event: the live-stage tests take the summit's forums live and off air in parallel.
const slug = 'high-altitude-medicine-forum-2026'
let browser: Browser
beforeAll(async () => {
  // The demo's August events are over by now: open them as staff would, whatever the date or the order of the files.
  await keepDemoEventsOpen()
  browser = await launchChromium()
})
afterAll(() => browser?.close())

test('a registered viewer is counted while watching, answers a presence check, and staff see the evidence', async () => {
  const { context, page, email } = await signedUp(browser, baseUrl, 'watch')
  await page.goto(`${baseUrl}/events/${slug}/register`)
  await page.getByLabel('工作单位').fill('西藏自治区人民医院')
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.getByTestId('ticket-status').waitFor()

  // Staff take the forum live: attendance counts from that moment.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/events/${slug}/forums/main/console`)
  await staff.page.getByTestId('live-go_live').click()
  await staff.page.waitForSelector('[data-testid="live-status"][data-status="LIVE"]')

  await page.goto(`${baseUrl}/events/${slug}/forums/main/live`)
  const forumId = await page.locator('article[data-forum-id]').getAttribute('data-forum-id')
  await page.getByTestId('join-live').click()
  await page.getByText('正在记录您的观看时长（用于学分）。').waitFor()

  // Staff press "presence check now" on the console.
  await staff.page.getByTestId('presence-check').click()
  await staff.page.getByTestId('presence-check-result').waitFor()
  expect(await staff.page.getByTestId('presence-check-result').innerText()).toMatch(/^已向 [1-9]\d* 位观众发起在线确认。$/)

  const prompt = page.getByTestId('presence-prompt')
  await prompt.waitFor()
  expect(await prompt.getAttribute('role')).toBe('alertdialog')
  expect(await prompt.innerText()).toContain('请确认您在线')
  await prompt.getByRole('button', { name: '我在线' }).click()
  await prompt.waitFor({ state: 'detached' })
  // Let the ledger flush (every 0.5 s by default).
  await page.waitForTimeout(1500)

  // Staff recompute the forum and find this attendee with the raw evidence.
  await staff.page.goto(`${baseUrl}/staff/forums/${forumId}/attendance`)
  await hydrated(staff.page)
  await Promise.all([staff.page.waitForResponse((r) => r.request().method() === 'POST'), staff.page.getByRole('button', { name: '重新统计' }).click()])
  // The page revalidates after the recount; the figure may arrive a moment after the POST.
  await expect.poll(async () => Number(await staff.page.getByTestId('unique').innerText()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
  const realName = `测试watch`
  // Staff find the attendee by e-mail among everyone who watched.
  await staff.page.getByTestId('attendee-search').fill(email)
  await staff.page.getByRole('button', { name: '查找', exact: true }).click()
  await staff.page.waitForURL(/\?q=/)
  await expect.poll(() => staff.page.getByTestId('attendee-list').locator('tbody tr').count()).toBe(1)
  await staff.page.getByRole('link', { name: realName }).first().click()
  await staff.page.getByTestId('raw-events').waitFor()
  const evidence = await staff.page.getByTestId('raw-events').innerText()
  for (const kind of ['JOIN', 'PRESENCE_PROMPT', 'PRESENCE_ACK']) expect(evidence).toContain(kind)
  expect(email).toContain('watch')
  await staff.context.close()
  await context.close()
})
