import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { keepDemoEventsOpen } from '../helpers/open-demo-events.ts'

const baseUrl = inject('baseUrl')
const stripeFakeUrl = inject('stripeFakeUrl')
let browser: Browser
beforeAll(async () => {
  // The demo's August events are over by now: open them as staff would, whatever the date or the order of the files.
  await keepDemoEventsOpen()
  browser = await launchChromium()
})
afterAll(() => browser?.close())

type Recorded = { requests: { method: string; path: string; params: Record<string, any>; idempotencyKey: string | null }[]; webhooks: { type: string; status: number }[] }
const recorded = async () => (await (await fetch(`${stripeFakeUrl}/__requests`)).json()) as Recorded

test('a free ticket: register from the event page and get a confirmed ticket with a QR code', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'free')
  await page.goto(`${baseUrl}/events/shanghai-hospital-management-summit-2026`)
  await page.getByTestId('register-cta').click()
  await page.getByLabel('工作单位').waitFor()
  await page.getByLabel('工作单位').fill('上海市第一人民医院')
  await page.getByLabel('职称').selectOption('attending')
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.getByTestId('ticket-status').waitFor()
  expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
  expect(await page.getByTestId('ticket-code').innerText()).toMatch(/^T1\.[a-z0-9]+\.[A-Za-z0-9_-]{22}$/)
  expect(await page.locator('.qr svg').count()).toBe(1)
  // Registering twice is refused with a clear message.
  await page.goto(`${baseUrl}/events/shanghai-hospital-management-summit-2026/register`)
  expect(await page.locator('main').innerText()).toContain('您已报名此活动。')
  await context.close()
})

test('a missing required answer is refused with a message next to the field, and nothing is registered', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'invalid')
  await page.goto(`${baseUrl}/events/high-altitude-medicine-forum-2026/register`)
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.getByTestId('form-error').waitFor()
  expect(await page.getByTestId('form-error').innerText()).toBe('请检查表单中标出的内容。')
  expect(await page.locator('#f-q_institution-error').innerText()).toBe('此项为必填项。')
  await page.goto(`${baseUrl}/events/high-altitude-medicine-forum-2026/register`)
  expect(await page.getByRole('button', { name: '提交报名' }).count()).toBe(1)
  await context.close()
})

test('a paid ticket: Stripe Checkout (fake), a signed webhook confirms it, and cancelling refunds through the API', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'paid')
  await page.goto(`${baseUrl}/events/antibiotic-stewardship-instructor-training-2026/register`)
  await page.getByLabel('工作单位').fill('复旦大学附属华山医院')
  await page.getByLabel('执业证书编号').fill('110310000012345')
  await page.getByRole('button', { name: '提交报名' }).click()

  // On the hosted checkout page: early-bird non-member price, 700.00 CNY.
  await page.waitForURL(/\/pay\/cs_test_/)
  expect(await page.getByTestId('amount').innerText()).toBe('70000 cny')
  const create = (await recorded()).requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
  expect(create.params).toMatchObject({
    mode: 'payment',
    allowed_payment_method_types: ['card', 'alipay', 'wechat_pay'],
    payment_method_options: { wechat_pay: { client: 'web' } },
    line_items: [{ quantity: '1', price_data: { currency: 'cny', unit_amount: '70000' } }],
    locale: 'zh',
  })
  const registrationId = create.params.metadata.registrationId as string
  expect(create.params.client_reference_id).toBe(registrationId)
  expect(create.params.success_url).toBe(`${baseUrl}/tickets/${registrationId}?paid=1`)
  expect(create.idempotencyKey).toMatch(new RegExp(`^checkout-${registrationId}-`))

  await page.getByRole('button', { name: 'Pay' }).click()
  await page.waitForURL(`${baseUrl}/tickets/${registrationId}?paid=1`)
  expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
  expect((await recorded()).webhooks.filter((w) => w.type === 'checkout.session.completed').at(-1)?.status).toBe(200)

  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: '取消报名' }).click()
  await page.getByRole('status').waitFor()
  // 90% refund before the refund date (the demo seed keeps it ahead): 630.00.
  expect(await page.getByRole('status').innerText()).toContain('630.00')
  const refund = (await recorded()).requests.filter((r) => r.path === '/v1/refunds').at(-1)!
  expect(refund.params).toMatchObject({ amount: '63000', metadata: { registrationId } })
  expect(refund.params.payment_intent).toMatch(/^pi_fake/)
  expect(refund.idempotencyKey).toMatch(/^refund-/)
  await expect.poll(async () => (await recorded()).webhooks.filter((w) => w.type === 'charge.refunded').at(-1)?.status).toBe(200)
  await context.close()
})

test('an abandoned checkout can be resumed from the ticket page with "Pay now", reusing the open Checkout session', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'resume')
  await page.goto(`${baseUrl}/events/antibiotic-stewardship-instructor-training-2026/register`)
  await page.getByLabel('工作单位').fill('浙江大学医学院附属第一医院')
  await page.getByLabel('执业证书编号').fill('110330000054321')
  await page.getByRole('button', { name: '提交报名' }).click()
  await page.waitForURL(/\/pay\/cs_test_/)
  const firstSession = new URL(page.url()).pathname
  const registrationId = (await recorded()).requests.filter((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST').at(-1)!.params.metadata.registrationId as string

  // The attendee leaves the payment page and comes back later.
  await page.goto(`${baseUrl}/tickets/${registrationId}`)
  expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('PENDING_PAYMENT')
  expect(await page.locator('.qr svg').count()).toBe(0)
  await page.getByTestId('pay-now').click()
  await page.waitForURL(/\/pay\/cs_test_/)
  expect(new URL(page.url()).pathname).toBe(firstSession)
  await page.getByRole('button', { name: 'Pay' }).click()
  await page.waitForURL(`${baseUrl}/tickets/${registrationId}?paid=1`)
  expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
  expect(await page.getByTestId('pay-now').count()).toBe(0)
  await context.close()
})
