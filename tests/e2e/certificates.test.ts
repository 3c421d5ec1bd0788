import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { decodeQrFromPdf, hasPdftoppm } from '../helpers/qr-from-pdf.ts'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

test.skipIf(!hasPdftoppm())('the demo attendee gets a certificate whose QR verifies as valid, and revoking it flips the page', async () => {
  // The attendee: attended the archived training (seeded ledger), passed the exam, completed the evaluation.
  const attendee = await loggedIn(browser, baseUrl, 'attendee@demo.cme-forum.org')
  await attendee.page.goto(`${baseUrl}/me/credits`)
  await expect.poll(() => attendee.page.getByTestId('credit-rule').first().textContent()).toContain('考核已通过')
  // The job queue issues it; the page refreshes itself while it waits.
  const certificate = attendee.page.locator('[data-testid="certificate"][data-status="VALID"]')
  await certificate.first().waitFor({ timeout: 30_000 })
  const pdfHref = await certificate.first().getByTestId('certificate-pdf').getAttribute('href')
  const pdf = await attendee.page.request.get(`${baseUrl}${pdfHref}`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  const bytes = await pdf.body()
  expect(bytes.length).toBeLessThan(100 * 1024)

  // A second context, not logged in: render the PDF to an image, decode the QR independently, open it.
  const url = decodeQrFromPdf(bytes)
  expect(url).toMatch(new RegExp(`^${baseUrl}/verify/C1\\.[A-Za-z0-9_-]+$`))
  const verifier = await browser.newContext({ locale: 'zh-CN' })
  const page = await verifier.newPage()
  const response = await page.goto(url!)
  expect(response?.status()).toBe(200)
  await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('VALID')
  expect(await page.getByTestId('verify-status').textContent()).toContain('有效证书')
  expect(await page.getByTestId('verify-name').textContent()).toBe('陈静')

  // A tampered code is a plain "not a valid certificate" page with a 404, not an error page.
  const code = url!.split('/verify/')[1]!
  const tampered = code.slice(0, 12) + (code[12] === 'A' ? 'B' : 'A') + code.slice(13)
  const bad = await page.goto(`${baseUrl}/verify/${tampered}`)
  expect(bad?.status()).toBe(404)
  expect(await page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('INVALID')
  expect(await page.textContent('body')).toContain('这不是有效的证书')

  // Staff revoke it with a reason; the verify page now says revoked.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/credits`)
  await staff.page.getByRole('link', { name: '抗菌药物临床合理应用师资培训班（春季班）' }).click()
  const row = staff.page.locator('tr[data-email="attendee@demo.cme-forum.org"][data-status="VALID"]')
  await row.getByRole('textbox', { name: '原因' }).first().fill('复核发现签到记录有误')
  await row.getByTestId('revoke').click()
  await staff.page.locator('tr[data-email="attendee@demo.cme-forum.org"][data-status="REVOKED"]').waitFor()

  await page.goto(url!)
  await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('REVOKED')
  expect(await page.getByTestId('verify-status').textContent()).toContain('已于')

  // The public key is published for offline checks, as PEM and as a JWK.
  const pem = await fetch(`${baseUrl}/.well-known/certificate-signing-key`)
  expect(await pem.text()).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  const jwk = (await (await fetch(`${baseUrl}/.well-known/certificate-signing-key?format=jwk`)).json()) as { keys: { kty: string; crv: string }[] }
  expect(jwk.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })

  // The attendee consents to ACCME PARS reporting from the same page.
  await attendee.page.goto(`${baseUrl}/me/credits`)
  await attendee.page.getByRole('button', { name: '同意上报' }).click()
  await attendee.page.getByRole('button', { name: '撤回同意' }).waitFor()
  expect(await attendee.page.textContent('body')).toContain('您已于')

  await attendee.context.close()
  await staff.context.close()
  await verifier.close()
})
