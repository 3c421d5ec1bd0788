import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

// Read-only on shared demo data: the archived training (live 09:00–12:15 as scheduled), and a
// correction that makes no sense, which is refused without writing anything.
test('staff see a forum’s schedule beside its actual times and the credited windows; nonsense times are refused', async () => {
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  const page = staff.page
  await page.goto(`${baseUrl}/staff`)
  const card = page.getByTestId('staff-events').locator('li').filter({ hasText: '抗菌药物临床合理应用师资培训班（春季班）' })
  await card.getByRole('link').click()
  await page.waitForURL(/\/staff\/events\/[^/]+$/)
  // The forums and their times are in the agenda section.
  await page.getByTestId('staff-event-nav').getByRole('link', { name: '议程', exact: true }).click()
  await page.waitForURL(/\/staff\/events\/[^/]+\/agenda$/)
  await page.getByRole('link', { name: '实际时间' }).first().click()
  await page.waitForURL(/\/forums\/[^/]+\/times$/)
  await hydrated(page)
  expect(await page.getByTestId('forum-times').innerText()).toContain('09:00–12:15')
  expect(await page.getByTestId('actual-times').innerText()).toContain('按直播记录')
  expect(await page.locator('table.data').innerText()).toContain('不计')

  await page.locator('input[name="start"]').fill('2026-04-18T12:00')
  await page.locator('input[name="end"]').fill('2026-04-18T09:00')
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByTestId('confirm-times').click()])
  await page.getByText('结束时间须晚于开始时间。').waitFor()
  expect(await page.getByTestId('actual-times').innerText()).toContain('按直播记录')
  await staff.context.close()
})
