import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { loggedIn, mailedLink, RESET_LINK, SIGNUP_LINK, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
// The demo's upcoming event: the seed keeps it at least three weeks ahead, so its registration stays open.
const slug = 'antibiotic-stewardship-instructor-training-2026'
const registrationForm = `/events/${slug}/register`

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

const newPage = async () => (await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 900 } })).newPage()
const pathOf = (page: Page) => {
  const url = new URL(page.url())
  return `${url.pathname}${url.search}`
}

test('a visitor who signs up from an event page lands back on its registration form after the mailed link', async () => {
  const page = await newPage()
  await page.goto(`${baseUrl}/events/${slug}`)
  await page.getByTestId('register-cta').click()

  // Not signed in: the registration form sends the visitor to log in, and log-in on to sign-up, each keeping the way back.
  await page.waitForURL(/\/login\?/)
  expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(registrationForm)
  await page.locator('main').getByRole('link', { name: '注册', exact: true }).click()
  await page.waitForURL(/\/signup\?/)
  await page.getByRole('heading', { name: '注册账号' }).waitFor()
  expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(registrationForm)
  // The sign-up page's link back to log-in keeps it too.
  expect(new URL((await page.getByTestId('login-link').getAttribute('href')) ?? '', baseUrl).searchParams.get('redirectTo')).toBe(registrationForm)

  const email = `recovery-signup-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@test.cme-forum.org`
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByLabel('密码').fill('a-good-password')
  await page.getByLabel('真实姓名').fill('测试回到报名')
  await page.getByRole('button', { name: '注册' }).click()
  await page.getByTestId('signup-sent').waitFor()

  // The mail is opened later, maybe in another browser: the way back travels with the link, not the tab.
  const link = await mailedLink(email, SIGNUP_LINK)
  const mailbox = await newPage()
  await mailbox.goto(`${baseUrl}${link}`)
  await mailbox.getByRole('button', { name: '创建账号并登录' }).click()
  await mailbox.waitForURL(`${baseUrl}${registrationForm}`)
  await mailbox.getByTestId('nav-profile').waitFor()
  expect(pathOf(mailbox)).toBe(registrationForm)
  expect(await mailbox.getByRole('button', { name: '提交报名' }).count()).toBe(1)
  await mailbox.context().close()
  await page.context().close()
})

test('a foreign redirectTo is dropped: neither the sign-up link nor the sign-up form carries it', async () => {
  const page = await newPage()
  await page.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent('//evil.example/phish')}`)
  expect(await page.locator('main').getByRole('link', { name: '注册', exact: true }).getAttribute('href')).toBe('/signup')
  await page.goto(`${baseUrl}/signup?redirectTo=${encodeURIComponent('https://evil.example/phish')}`)
  expect(await page.locator('#main input[name="redirectTo"]').inputValue()).toBe('')
  await page.context().close()
})

test('a password reset link works once, signs in with the new password, and says so clearly the second time', async () => {
  const { context, email } = await signedUp(browser, baseUrl, 'recovery-reset')
  await context.close()

  const page = await newPage()
  await page.goto(`${baseUrl}/login`)
  await page.getByRole('link', { name: '忘记密码？' }).click()
  // The log-in page has an email field too: type only once the new page is there.
  await page.getByRole('heading', { name: '找回密码' }).waitFor()
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByRole('button', { name: '发送链接' }).click()
  await page.getByTestId('reset-sent').waitFor()
  const link = await mailedLink(email, RESET_LINK)

  // A second tab opened the link before it was used; its form must not work afterwards.
  const earlier = await newPage()
  await earlier.goto(`${baseUrl}${link}`)
  await earlier.getByLabel('新密码').fill('another-new-password-9')

  await page.goto(`${baseUrl}${link}`)
  await page.getByLabel('新密码').fill('violet-harbour-tram-42')
  await page.getByRole('button', { name: '保存新密码' }).click()
  await page.waitForURL(`${baseUrl}/events`)
  await page.getByTestId('nav-profile').waitFor()

  await earlier.getByRole('button', { name: '保存新密码' }).click()
  await earlier.getByTestId('form-error').waitFor()
  expect(await earlier.getByTestId('form-error').innerText()).toBe('此链接已过期或已被使用。请重新获取链接。')
  await earlier.context().close()

  // Opening the used link again: the same clear message, no form, and a way to ask for a new link.
  await page.goto(`${baseUrl}${link}`)
  expect(await page.getByTestId('form-error').innerText()).toBe('此链接已过期或已被使用。请重新获取链接。')
  expect(await page.getByRole('button', { name: '保存新密码' }).count()).toBe(0)
  expect(await page.getByRole('link', { name: '重新获取链接' }).getAttribute('href')).toBe('/forgot-password')
  await page.context().close()

  // The new password logs in; the old one no longer does.
  const signedIn = await loggedIn(browser, baseUrl, email, 'violet-harbour-tram-42')
  await signedIn.context.close()
  const old = await newPage()
  await old.goto(`${baseUrl}/login`)
  await old.getByLabel('电子邮箱').fill(email)
  await old.getByLabel('密码').fill('a-good-password')
  await old.getByRole('button', { name: '登录' }).click()
  await old.getByTestId('form-error').waitFor()
  expect(await old.getByTestId('form-error').innerText()).toBe('电子邮箱或密码不正确。')
  await old.context().close()
})
