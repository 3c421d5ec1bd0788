import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { keepDemoEventsOpen } from '../helpers/open-demo-events.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
beforeAll(async () => {
  // The demo's August events are over by now: open them as staff would, whatever the date or the order of the files.
  await keepDemoEventsOpen()
  browser = await launchChromium()
})
afterAll(() => browser?.close())

async function freeTicket(label: string, slug = 'high-altitude-medicine-forum-2026') {
  const { context, page } = await signedUp(browser, baseUrl, label)
  await page.goto(`${baseUrl}/events/${slug}/register`)
  await page.getByLabel('工作单位').fill('西藏自治区人民医院')
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.getByTestId('ticket-code').waitFor()
  const code = await page.getByTestId('ticket-code').innerText()
  await context.close()
  return code
}

async function scan(page: Page, code: string) {
  await page.getByLabel('票码').fill(code)
  await page.getByRole('button', { name: '签到', exact: true }).click()
}

async function resultText(page: Page, previous: string | null) {
  await page.waitForFunction((prev) => {
    const el = document.querySelector('[data-testid="checkin-result"]')
    return el && el.textContent !== prev ? true : false
  }, previous)
  return page.getByTestId('checkin-result').innerText()
}

test('a coordinator checks people in, sees "already checked in at …", and scans made offline sync later', async () => {
  const [first, second] = [await freeTicket('ci-a'), await freeTicket('ci-b')]
  const otherEvent = await freeTicket('ci-other', 'shanghai-hospital-management-summit-2026')

  const { context, page } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await page.goto(`${baseUrl}/events/high-altitude-medicine-forum-2026`)
  await page.getByTestId('checkin-link').first().click()
  await page.getByLabel('票码').waitFor()
  const venueName = (await page.locator('h1').innerText()).replace('签到：', '')

  await scan(page, first)
  let text = await resultText(page, null)
  expect(text).toMatch(/^测试ci-a：入场已记录（\d{2}:\d{2}）$/)

  await scan(page, first)
  const prev = text
  text = await resultText(page, prev)
  expect(text).toMatch(new RegExp(`^测试ci-a 已于 \\d{2}:\\d{2} 在${venueName}签到。$`))

  // Refusals, each with its own message.
  await scan(page, first.slice(0, -3) + 'abc')
  text = await resultText(page, text)
  expect(text).toBe('无效的票码：可能是伪造或输入有误。')
  await scan(page, otherEvent)
  text = await resultText(page, text)
  expect(text).toBe('这张票属于其他活动。')

  // The network drops: scans queue in the browser…
  await context.setOffline(true)
  await scan(page, second)
  await page.waitForSelector('[data-testid="queue-count"][data-count="1"]')
  await page.getByRole('radio', { name: '离场' }).check()
  await scan(page, first)
  await page.waitForSelector('[data-testid="queue-count"][data-count="2"]')
  expect(await page.getByTestId('queue-count').innerText()).toBe('网络中断：已暂存 2 条，恢复后自动上传。')

  // …are kept in the browser's storage, each with its own nonce…
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('cme-checkin-queue') ?? '[]') as { kind: string; nonce: string }[])
  expect(stored.map((s) => s.kind)).toEqual(['ENTRY', 'EXIT'])
  expect(new Set(stored.map((s) => s.nonce)).size).toBe(2)
  // …and upload, in order, once the network is back.
  await context.setOffline(false)
  await page.evaluate(() => window.dispatchEvent(new Event('online')))
  await page.waitForSelector('[data-testid="queue-count"][data-count="0"]', { timeout: 15_000 })
  // ci-b entered, ci-a left: one person inside this venue.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="venue-counts"] li')].some((li) => li.getAttribute('data-inside') === '1'))
  const insideTotal = await page.$$eval('[data-testid="venue-counts"] li', (lis) => lis.reduce((n, li) => n + Number(li.getAttribute('data-inside')), 0))
  expect(insideTotal).toBe(1)
  await context.close()
})

test('the check-in API refuses anonymous callers whatever they send, then validates input', async () => {
  const post = (body: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}/api/checkin`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  const anonymous = await post(JSON.stringify({ code: 'x', venueId: 'abcdefghij', kind: 'ENTRY', nonce: 'nonce-123456', scannedAt: new Date().toISOString() }))
  expect(anonymous.status).toBe(401)
  expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  expect((await post('{not json')).status).toBe(401)

  const { context } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const garbage = await post('{not json', { cookie })
  expect(garbage.status).toBe(400)
  expect(await garbage.json()).toMatchObject({ ok: false, error: { code: 'bad_request', message: '请求无效。' } })
  const invalid = await post(JSON.stringify({ code: '', kind: 'SIDEWAYS' }), { cookie })
  expect(invalid.status).toBe(422)
  await context.close()
})
