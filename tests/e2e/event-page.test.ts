import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, afterEach, expect, inject, test } from 'vitest'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())
beforeEach(async () => {
  // English browser on purpose: Chinese must still be the default.
  page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } })
})
afterEach(() => page?.close())

test('the demo event page shows its main forum and sub-forums in Chinese, then in English after switching', async () => {
  await page.goto(`${baseUrl}/events/high-altitude-medicine-forum-2026`)
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
  const forums = page.getByTestId('forum-list').locator('li')
  expect(await forums.count()).toBe(5)
  expect(await page.locator('[data-forum-kind="MAIN"] .badge').innerText()).toBe('主论坛')
  expect(await page.locator('[data-forum-kind="SUB"] .badge').allInnerTexts()).toEqual(['分论坛', '分论坛', '分论坛', '分论坛'])
  expect(await page.locator('h1').innerText()).toContain('西藏')

  await page.getByTestId('language-switch').click()
  // The switch posts and comes back to the same URL, so wait for the re-render itself.
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' })
  expect(page.url()).toBe(`${baseUrl}/events/high-altitude-medicine-forum-2026`)
  expect(await page.locator('[data-forum-kind="MAIN"] .badge').innerText()).toBe('Main forum')
  expect(await page.locator('[data-forum-kind="SUB"] .badge').first().innerText()).toBe('Sub-forum')
  expect(await page.locator('h1').innerText()).toContain('Tibet')

  // The choice sticks for the next page.
  await page.goto(`${baseUrl}/events`)
  expect(await page.locator('html').getAttribute('lang')).toBe('en')
  expect(await page.locator('h1').innerText()).toBe('Academic events')
})

test('shows times in the event time zone, and the viewer’s own time where it differs', async () => {
  const ctx = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' })
  const p = await ctx.newPage()
  await p.goto(`${baseUrl}/events/shanghai-hospital-management-summit-2026`)
  const first = p.locator('.session time').first()
  expect(await first.innerText()).toMatch(/^08:30–/)
  // 08:30 in Shanghai (UTC+8) is 01:30 in London in summer (UTC+1).
  const local = p.locator('.local-time').first()
  await local.waitFor()
  expect(await local.innerText()).toBe('您的当地时间：01:30')
  await ctx.close()
})

test('the demo attendee logs in, sees their name, and can log out', async () => {
  await page.goto(`${baseUrl}/events/shanghai-hospital-management-summit-2026`)
  await page.getByRole('link', { name: '登录' }).click()
  await page.waitForURL(/\/login\?redirectTo=/)
  await page.getByLabel('电子邮箱').fill('attendee@demo.cme-forum.org')
  await page.getByLabel('密码').fill('demo-password')
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('nav-profile').waitFor()
  expect(page.url()).toBe(`${baseUrl}/events/shanghai-hospital-management-summit-2026`)
  expect(await page.getByTestId('nav-profile').innerText()).toBe('陈静')

  await page.getByTestId('nav-profile').click()
  await page.locator('h1', { hasText: '个人资料' }).waitFor()
  expect(page.url()).toBe(`${baseUrl}/profile`)
  expect(await page.getByLabel('真实姓名').inputValue()).toBe('陈静')

  await page.getByRole('button', { name: '退出登录' }).click()
  await page.locator('h1', { hasText: '学术活动' }).waitFor()
  expect(page.url()).toBe(`${baseUrl}/events`)
  expect(await page.getByTestId('nav-profile').count()).toBe(0)
  // The session row is gone, so the profile now asks for a login again.
  await page.goto(`${baseUrl}/profile`)
  expect(page.url()).toBe(`${baseUrl}/login?redirectTo=%2Fprofile`)
})

test('a wrong password gets a clear message and a 401, and the form keeps working', async () => {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('电子邮箱').fill('attendee@demo.cme-forum.org')
  await page.getByLabel('密码').fill('not-the-password')
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '登录' }).click()])
  expect(response.status()).toBe(401)
  expect(await page.getByTestId('form-error').innerText()).toBe('电子邮箱或密码不正确。')
})

test('an unknown page is a 404 in the user’s language', async () => {
  const response = await page.goto(`${baseUrl}/events/no-such-event`)
  expect(response?.status()).toBe(404)
  expect(await page.locator('h1').innerText()).toBe('页面不存在')
  const bad = await page.goto(`${baseUrl}/events/Bad%20Slug!`)
  expect(bad?.status()).toBe(404)
})
