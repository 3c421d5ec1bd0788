import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

// Issue 17, finding 2: `/%09/evil.example/phish` passed the old check, and Chromium, which
// strips the tab from a Location header, then went to //evil.example/phish.
const targets = [
  '/%09/evil.example/phish',
  '/%0a/evil.example/phish',
  '/%0d%0a/evil.example',
  '/\\evil.example/phish',
  '//evil.example/phish',
  '/\\/evil.example/phish',
  'https://evil.example/phish',
  '/%5Cevil.example',
]

test('after log-in, a crafted redirectTo never takes Chromium off this site', async () => {
  const visited: string[] = []
  for (const target of targets) {
    const context = await browser.newContext({ locale: 'zh-CN' })
    const page = await context.newPage()
    page.on('request', (request) => visited.push(new URL(request.url()).host))
    await page.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent(decodeURIComponent(target))}`)
    await page.getByLabel('电子邮箱').fill('attendee@demo.cme-forum.org')
    await page.getByLabel('密码').fill('demo-password')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('nav-profile').waitFor()
    expect(new URL(page.url()).origin, target).toBe(baseUrl)
    await context.close()
  }
  expect(visited.filter((host) => host.includes('evil'))).toEqual([])
})

test('the same targets through the form post without a browser are answered with a redirect on this site', async () => {
  for (const target of targets) {
    const res = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: new URLSearchParams({ email: 'attendee@demo.cme-forum.org', password: 'demo-password', redirectTo: decodeURIComponent(target) }).toString(),
    })
    expect(res.status, target).toBe(302)
    const location = res.headers.get('location')!
    expect(new URL(location, baseUrl).origin, `${target} → ${location}`).toBe(baseUrl)
    expect(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), location).toBe(true)
  }
})
