import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
const EVENT = '/events/shanghai-hospital-management-summit-2026'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]

/** Every <script> in the HTML without a src, with its attributes. */
const inlineScripts = (html: string) => [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !/\ssrc=/.test(attrs))

function expectEveryResponseHeader(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  expect(res.headers.get('x-frame-options')).toBe('DENY')
}

async function expectDocumentPolicy(res: Response) {
  expectEveryResponseHeader(res)
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'(;|$)/)
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  const html = await res.text()
  const scripts = inlineScripts(html)
  // Remix's context and route-module scripts and the scroll restoration, at least.
  expect(scripts.length).toBeGreaterThanOrEqual(3)
  for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonceOf(res)}"`)
  return html
}

test('an HTML page: a fresh nonce per request in its policy, carried by every inline script', async () => {
  const first = await fetch(`${baseUrl}/login`)
  const second = await fetch(`${baseUrl}/login`)
  await expectDocumentPolicy(first)
  await expectDocumentPolicy(second)
  expect(nonceOf(first)).not.toBe(nonceOf(second))
})

test('a cached public page is replayed with the policy whose nonce is in its HTML; unknown query parameters do not bypass the cache', async () => {
  await fetch(`${baseUrl}${EVENT}`)
  const cached = await fetch(`${baseUrl}${EVENT}`)
  expect(cached.headers.get('x-page-cache')).toMatch(/^(HIT|WAIT)$/)
  await expectDocumentPolicy(cached)
  for (const query of ['?x=1', '?x=2', '?utm_source=mail']) {
    const res = await fetch(`${baseUrl}${EVENT}${query}`)
    expect(res.headers.get('x-page-cache'), query).toMatch(/^(HIT|WAIT)$/)
    await expectDocumentPolicy(res)
  }
})

test('static files, JSON and data requests get nosniff and the referrer policy', async () => {
  const html = await (await fetch(`${baseUrl}/login`)).text()
  const asset = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
  expect(asset).toBeTruthy()
  for (const path of [asset!, '/favicon.svg', '/healthz', `${EVENT}.data`]) {
    const res = await fetch(`${baseUrl}${path}`)
    expect(res.status, path).toBe(200)
    expectEveryResponseHeader(res)
  }
})

test('/verify is never cached or indexed, valid or not', async () => {
  // The demo attendee's certificate is issued on the first visit to "My credits".
  const attendee = await loggedIn(browser, baseUrl, 'attendee@demo.cme-forum.org')
  await attendee.page.goto(`${baseUrl}/me/credits`)
  await attendee.context.close()
  const db = createPrisma(inject('appDatabaseUrl'), 1)
  const certificate = await db.certificate.findFirstOrThrow({ where: { status: 'VALID' }, select: { code: true } })
  await db.$disconnect()
  for (const [code, status] of [
    [certificate.code, 200],
    ['C1.not-a-real-code', 404],
  ] as const) {
    const res = await fetch(`${baseUrl}/verify/${code}`)
    expect(res.status).toBe(status)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-robots-tag')).toBe('noindex')
    await expectDocumentPolicy(res)
  }
})

/** Collects what Chromium refuses under the page's policy: console messages and securitypolicyviolation events. */
async function watchViolations(page: Page) {
  const violations: string[] = []
  page.on('console', (msg) => {
    if (/Refused to|Content Security Policy/i.test(msg.text())) violations.push(msg.text())
  })
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  return violations
}

test('Chromium runs the main pages under the policy without a single violation, live console sockets included', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  const violations = await watchViolations(page)
  const visit = async (path: string) => {
    await page.goto(`${baseUrl}${path}`)
    await hydrated(page)
    // The e2e server is a demo instance (SEED_DEMO=true): every page says so.
    expect(await page.getByTestId('demo-banner').textContent(), path).toBe('演示数据——请勿用于真实学分')
  }
  await visit('/events')
  await visit(EVENT)
  const forum = await page.locator(`a[href^="${EVENT}/forums/"]`).first().getAttribute('href')
  const speaker = await page.locator(`a[href^="${EVENT}/speakers/"]`).first().getAttribute('href')
  await visit(forum!)
  if (speaker) await visit(speaker)
  await visit('/login')
  await visit('/signup')
  // Client-side navigation loads route modules and single-fetch data under the same policy.
  await page.getByRole('link', { name: '活动' }).first().click()
  await page.waitForURL(`${baseUrl}/events`)
  await context.close()

  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  const staffViolations = await watchViolations(staff.page)
  for (const path of ['/staff', '/me', '/profile']) {
    await staff.page.goto(`${baseUrl}${path}`)
    await hydrated(staff.page)
  }
  // The moderator console opens socket.io connections (WebSocket) to the same origin.
  await staff.page.goto(`${baseUrl}/events/high-altitude-medicine-forum-2026/forums/main/console`)
  await staff.page.locator('[data-testid="console-connection"][data-state="connected"]').waitFor({ state: 'attached' })
  await staff.context.close()

  expect([...violations, ...staffViolations]).toEqual([])
})
