import type { Browser, BrowserContext, Page } from 'playwright-core'
import { inject } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { signupLinkFromOutbox } from './accounts.ts'

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
 * the link of the mail it gets, read from the server's outbox, and presses the button there.
 */
export async function signedUp(browser: Browser, baseUrl: string, label: string) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 900 } })
  const page = await context.newPage()
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@test.cme-forum.org`
  await page.goto(`${baseUrl}/signup`)
  await page.getByLabel('电子邮箱').fill(email)
  await page.getByLabel('密码').fill('a-good-password')
  await page.getByLabel('真实姓名').fill(`测试${label}`)
  await page.getByRole('button', { name: '注册' }).click()
  await page.getByTestId('signup-sent').waitFor()
  const db = createPrisma(inject('appDatabaseUrl'), 1)
  const link = await signupLinkFromOutbox(db, email).finally(() => db.$disconnect())
  await page.goto(`${baseUrl}${link}`)
  await page.getByRole('button', { name: '创建账号并登录' }).click()
  await page.getByTestId('nav-profile').waitFor()
  return { context, page, email }
}

/** Waits until React has hydrated the page, so clicks run the page's own handlers. */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}
