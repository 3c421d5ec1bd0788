import Stripe from 'stripe'
import { expect, inject, test } from 'vitest'
import { FAKE_WEBHOOK_SECRET } from '../helpers/stripe-fake.ts'

const baseUrl = inject('baseUrl')
const sdk = new Stripe('sk_test_unused')
const url = `${baseUrl}/api/stripe/webhook`
const event = (id: string, type = 'customer.created') => JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object: { id: 'cus_1', object: 'customer' } } })
const post = (body: string, signature: string | null) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body })

test('a correctly signed event is accepted once; a redelivery is a no-op', async () => {
  const body = event(`evt_e2e_${Date.now()}`)
  const first = await post(body, sdk.webhooks.generateTestHeaderString({ payload: body, secret: FAKE_WEBHOOK_SECRET }))
  expect(first.status).toBe(200)
  expect(await first.json()).toMatchObject({ ok: true, data: { result: 'ignored' } })
  const again = await post(body, sdk.webhooks.generateTestHeaderString({ payload: body, secret: FAKE_WEBHOOK_SECRET }))
  expect(await again.json()).toMatchObject({ ok: true, data: { result: 'duplicate' } })
})

test.each([
  [
    'a tampered body',
    (body: string) => ({ body: body.replace('customer.created', 'checkout.session.completed'), sig: sdk.webhooks.generateTestHeaderString({ payload: body, secret: FAKE_WEBHOOK_SECRET }) }),
  ],
  ['a stale timestamp', (body: string) => ({ body, sig: sdk.webhooks.generateTestHeaderString({ payload: body, secret: FAKE_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }) })],
  ['another secret', (body: string) => ({ body, sig: sdk.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_someone_else' }) })],
  ['no signature', (body: string) => ({ body, sig: null })],
])('refuses %s with a 400', async (_name, make) => {
  const { body, sig } = make(event(`evt_bad_${Date.now()}`))
  const res = await post(body, sig)
  expect(res.status).toBe(400)
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } })
})
