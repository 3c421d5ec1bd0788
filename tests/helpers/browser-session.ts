import type { Browser, BrowserContext, Page } from 'playwright-core'
import { inject } from 'vitest'
import { waitForMail } from './smtp-sink.ts'

/** A fresh browser context logged in through the real login form. */
export async function loggedIn(browser: Browser, baseUrl: string, email: string, password = 'demo-password'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('nav-profile').waitFor()
  return { context, page }
}

/**
 * Signs up a brand-new attendee through the real form (each test its own person), then opens
 * the link of the mail it gets, as the loopback SMTP server received it, and presses the button there.
 * `mailboxDir`: the server's mailbox, when the test runs a server of its own (browser-app-server.ts).
 */
export async function signedUp(browser: Browser, baseUrl: string, label: string, mailboxDir: string = inject('mailboxDir')) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 900 } })
  const page = await context.newPage()
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@test.cme-forum.org`
  await page.goto(`${baseUrl}/signup`)
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByLabel('密码').fill('a-good-password')
  await page.getByLabel('真实姓名').fill(`测试${label}`)
  await page.getByRole('button', { name: '注册' }).click()
  await page.getByTestId('signup-sent').waitFor()
  const link = await mailedLink(email, SIGNUP_LINK, mailboxDir)
  await page.goto(`${baseUrl}${link}`)
  await page.getByRole('button', { name: '创建账号并登录' }).click()
  await page.getByTestId('nav-profile').waitFor()
  return { context, page, email }
}

export const SIGNUP_LINK = /\/signup\/confirm\/[A-Za-z0-9_-]{43}/
export const RESET_LINK = /\/reset-password\/[A-Za-z0-9_-]{43}/

/** The path of the link matching `pattern` in the newest mail to `email` that reached the browser tests' SMTP server. */
export async function mailedLink(email: string, pattern: RegExp, mailboxDir: string = inject('mailboxDir')): Promise<string> {
  const mail = await waitForMail(mailboxDir, email, (m) => pattern.test(m.text))
  return pattern.exec(mail.text)![0]
}

/** Waits until React has hydrated the page, so clicks run the page's own handlers. */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}
