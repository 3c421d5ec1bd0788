import http from 'node:http'
import type { AddressInfo } from 'node:net'
import qs from 'qs'
import Stripe from 'stripe'

/**
 * An in-process fake of exactly the Stripe endpoints the platform calls
 * (POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/refunds), used
 * through the real SDK. It records what was sent (form-decoded), answers with objects
 * whose fields are typed by the SDK, and plays the hosted Checkout page: paying there
 * posts a really signed webhook to the app, as Stripe would. Refunds answer with a
 * signed `charge.refunded` webhook.
 */
export type RecordedRequest = { method: string; path: string; params: Record<string, unknown>; idempotencyKey: string | null; stripeVersion: string | null; authorization: string | null }

type FakeSession = Pick<
  Stripe.Checkout.Session,
  | 'id'
  | 'object'
  | 'status'
  | 'url'
  | 'payment_status'
  | 'payment_intent'
  | 'metadata'
  | 'client_reference_id'
  | 'amount_total'
  | 'currency'
  | 'expires_at'
  | 'success_url'
  | 'cancel_url'
  | 'mode'
  | 'customer_email'
  | 'livemode'
  | 'created'
>
type FakeRefund = Pick<Stripe.Refund, 'id' | 'object' | 'amount' | 'currency' | 'payment_intent' | 'status' | 'metadata' | 'created'>
type FakeCharge = Pick<Stripe.Charge, 'id' | 'object' | 'amount' | 'amount_refunded' | 'currency' | 'payment_intent' | 'refunded' | 'paid' | 'created'>

export const FAKE_SECRET_KEY = 'sk_test_fake_cme_forum'
export const FAKE_WEBHOOK_SECRET = 'whsec_fake_cme_forum_webhook_secret'

export async function startStripeFake(options: { webhookUrl: () => string }) {
  const sdk = new Stripe(FAKE_SECRET_KEY)
  const requests: RecordedRequest[] = []
  const sessions = new Map<string, FakeSession>()
  const refundsByKey = new Map<string, FakeRefund>()
  const webhooks: { type: string; status: number }[] = []
  let counter = 0
  const id = (prefix: string) => `${prefix}_fake${Date.now().toString(36)}${(counter++).toString(36)}`
  let base = ''

  async function sendWebhook(type: string, object: unknown) {
    const event = {
      id: id('evt'),
      object: 'event',
      api_version: '2026-01-01',
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    }
    const payload = JSON.stringify(event)
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET })
    const res = await fetch(options.webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload })
    webhooks.push({ type, status: res.status })
    return { event, status: res.status }
  }

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') })
    res.end(JSON.stringify(body))
  }
  const stripeError = (res: http.ServerResponse, status: number, message: string, param?: string) =>
    json(res, status, { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } })

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', base)
    const params = qs.parse(body) as Record<string, unknown>

    // For tests in other processes: what the platform sent.
    if (url.pathname === '/__requests') return json(res, 200, { requests, webhooks })

    // The hosted checkout page (a browser lands here).
    const pay = url.pathname.match(/^\/pay\/(cs_[\w]+)$/)
    if (pay) {
      const session = sessions.get(pay[1]!)
      if (!session) return stripeError(res, 404, 'No such checkout session')
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        return res.end(
          `<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1><p data-testid="amount">${session.amount_total} ${session.currency}</p><form method="post"><button type="submit">Pay</button></form>`,
        )
      }
      session.status = 'complete'
      session.payment_status = 'paid'
      session.payment_intent = id('pi')
      await sendWebhook('checkout.session.completed', session)
      res.writeHead(303, { location: session.success_url! })
      return res.end()
    }

    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      params,
      idempotencyKey: (req.headers['idempotency-key'] as string) ?? null,
      stripeVersion: (req.headers['stripe-version'] as string) ?? null,
      authorization: (req.headers.authorization as string) ?? null,
    })
    if (req.headers.authorization !== `Bearer ${FAKE_SECRET_KEY}`) return json(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } })

    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const items = params.line_items as { price_data?: { currency?: string; unit_amount?: string } }[] | undefined
      const price = items?.[0]?.price_data
      if (!price?.currency || !price.unit_amount) return stripeError(res, 400, 'Missing line_items[0][price_data]', 'line_items')
      if (params.mode !== 'payment') return stripeError(res, 400, 'Invalid mode', 'mode')
      const sessionId = id('cs_test')
      const session: FakeSession = {
        id: sessionId,
        object: 'checkout.session',
        status: 'open',
        url: `${base}/pay/${sessionId}`,
        payment_status: 'unpaid',
        payment_intent: null,
        metadata: (params.metadata as Record<string, string>) ?? {},
        client_reference_id: (params.client_reference_id as string) ?? null,
        amount_total: Number(price.unit_amount),
        currency: price.currency,
        expires_at: Number(params.expires_at),
        success_url: (params.success_url as string) ?? null,
        cancel_url: (params.cancel_url as string) ?? null,
        mode: 'payment',
        customer_email: (params.customer_email as string) ?? null,
        livemode: false,
        created: Math.floor(Date.now() / 1000),
      }
      sessions.set(sessionId, session)
      return json(res, 200, session)
    }
    const get = url.pathname.match(/^\/v1\/checkout\/sessions\/(cs_[\w]+)$/)
    if (req.method === 'GET' && get) {
      const session = sessions.get(get[1]!)
      return session ? json(res, 200, session) : stripeError(res, 404, `No such checkout.session: '${get[1]}'`, 'id')
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const key = (req.headers['idempotency-key'] as string) ?? id('key')
      const known = refundsByKey.get(key)
      if (known) return json(res, 200, known)
      const paid = [...sessions.values()].find((s) => s.payment_intent === params.payment_intent)
      if (!paid) return stripeError(res, 400, `No such payment_intent: '${String(params.payment_intent)}'`, 'payment_intent')
      const refund: FakeRefund = {
        id: id('re'),
        object: 'refund',
        amount: Number(params.amount ?? paid.amount_total),
        currency: paid.currency!,
        payment_intent: paid.payment_intent as string,
        status: 'succeeded',
        metadata: (params.metadata as Record<string, string>) ?? {},
        created: Math.floor(Date.now() / 1000),
      }
      refundsByKey.set(key, refund)
      json(res, 200, refund)
      const charge: FakeCharge = {
        id: id('ch'),
        object: 'charge',
        amount: paid.amount_total!,
        amount_refunded: refund.amount,
        currency: paid.currency!,
        payment_intent: refund.payment_intent,
        refunded: refund.amount >= paid.amount_total!,
        paid: true,
        created: refund.created,
      }
      setTimeout(() => void sendWebhook('charge.refunded', charge), 20)
      return
    }
    return stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname})`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    requests,
    sessions,
    webhooks,
    sendWebhook,
    /** A signed header for any payload, for tests that post webhooks themselves. */
    sign: (payload: string, secret = FAKE_WEBHOOK_SECRET, timestamp?: number) => sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
