import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { flood, form, FORM, logIn, multipart, send } from '../helpers/http-probe.ts'
import { FAKE_SECRET_KEY, FAKE_WEBHOOK_SECRET } from '../helpers/stripe-fake.ts'

// Issue 17, finding 5: bodies were read in full before any size check (a 400 MB chunked POST to
// /login grew the server by 1 GB; the webhook's limit only read Content-Length). Against the real
// server (server.ts, production build) in a process of its own, whose memory is read from /proc.

const db = testDb()
let server: AppServer
const KB = 1024
const MB = 1024 * KB

beforeAll(async () => {
  server = await startAppServer({ databaseUrl: testDatabaseUrl(), env: { STRIPE_SECRET_KEY: FAKE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET } })
})
afterAll(async () => {
  await server?.stop()
  await db.$disconnect()
})

const chunked = (kb: number) => ({ chunk: Buffer.alloc(KB, 'a'), totalBytes: kb * KB })

describe('forms: 64 KB', () => {
  test('a form of 64 KB is read; one byte more, declared, is 413 with a message in the visitor language, before a byte is read', async () => {
    const fits = `email=x&password=${'p'.repeat(64 * KB - 'email=x&password='.length)}`
    expect(Buffer.byteLength(fits)).toBe(64 * KB)
    expect((await send(`${server.url}/login`, { headers: FORM, body: fits })).status).toBe(422)

    const over = await send(`${server.url}/login`, { headers: FORM, body: `${fits}p` })
    expect(over.status).toBe(413)
    expect(over.headers['content-type']).toMatch(/^text\/plain/)
    expect(over.body).toBe('请求内容过大（上限 64 KB）。')
    const english = await send(`${server.url}/login`, { headers: { ...FORM, cookie: `lng=${encodeURIComponent(btoa(JSON.stringify('en')))}`, accept: 'application/json' }, body: `${fits}p` })
    expect(english.status).toBe(413)
    expect(JSON.parse(english.body)).toEqual({ ok: false, error: { code: 'payload_too_large', message: 'The request is too large (the limit is 64 KB).' } })
  })

  test('a chunked form (no Content-Length) is cut off at 64 KB: 413, read by the client although it was still sending', async () => {
    const res = await send(`${server.url}/signup`, { headers: { ...FORM, 'transfer-encoding': 'chunked' }, stream: chunked(64 * 1024) })
    expect(res.status).toBe(413)
    expect(res.body).toBe('请求内容过大（上限 64 KB）。')
    expect(res.sentBytes).toBeLessThan(64 * MB)
  })

  test('a GET announcing a large body is refused too; Remix never reads a GET body', async () => {
    expect((await send(`${server.url}/events`, { method: 'GET', headers: { 'content-length': 10 * MB }, body: '' })).status).toBe(413)
  })
})

describe('400 MB sent to /login: the server stays flat', () => {
  test.each([
    ['chunked', true],
    ['with a Content-Length', false],
  ])('%s: 413, and the server grows by less than 50 MB while the client keeps on sending', async (_name, chunked) => {
    // Warm up, then sample the server's resident memory every 50 ms while the upload runs.
    await send(`${server.url}/login`, { headers: FORM, body: form({ email: 'warm@up.example', password: 'x' }) })
    const before = await server.rssBytes()
    let peak = before
    let sent = 0
    const sampler = setInterval(() => void server.rssBytes().then((rss) => (peak = Math.max(peak, rss))), 50)
    try {
      // The client ignores the answer and sends on until the server closes the connection (or 400 MB are out).
      // Before, the server read all of it (and grew by 1 GB); now it reads no further than the limit.
      const res = await flood(server.url, '/login', { headers: FORM, totalBytes: 400 * MB, chunked })
      sent = res.sentBytes
      expect(res.status).toBe(413)
      expect(res.sentBytes).toBeLessThan(100 * MB) // the server stopped reading: the rest could not even be sent
    } finally {
      clearInterval(sampler)
    }
    peak = Math.max(peak, await server.rssBytes())
    console.info(`body-limits, ${_name}: ${Math.round(sent / MB)} MB sent, server RSS ${Math.round(before / MB)} → peak ${Math.round(peak / MB)} MB`)
    expect(peak - before).toBeLessThan(50 * MB)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})

describe('the Stripe webhook: 512 KB, on the stream', () => {
  const signed = async (payload: string) => {
    const { default: Stripe } = await import('stripe')
    return new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET })
  }

  test('a chunked body over 512 KB is 413 (the old check only read Content-Length)', async () => {
    const res = await send(`${server.url}/api/stripe/webhook`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'stripe-signature': 't=1,v1=x' },
      stream: chunked(2048),
    })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } })
  })

  test('a signed event of 400 KB is read and handled', async () => {
    const payload = JSON.stringify({
      id: `evt_big_${Date.now()}`,
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_1', object: 'customer', pad: 'x'.repeat(400 * KB) } },
    })
    const res = await send(`${server.url}/api/stripe/webhook`, { headers: { 'content-type': 'application/json', 'stripe-signature': await signed(payload) }, body: payload })
    expect(res.status).toBe(200)
  })
})

test('a JSON API gets 64 KB: a chunked 1 MB body to /api/checkin is 413 in JSON', async () => {
  const res = await send(`${server.url}/api/checkin`, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, stream: chunked(1024) })
  expect(res.status).toBe(413)
  expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } })
})

describe('the question import: 2 MB', () => {
  test('a 1.9 MB file is read; a 2.2 MB one is 413, chunked or not', async () => {
    const event = await createEvent(db)
    const cookie = await logIn(db, server.url, 'STAFF', 'import-size')
    const url = `${server.url}/staff/events/${event.id}/questions`
    const question = `Is this a question?${' '.repeat(1000 - 53)}\nA. yes\nB. no\nC. maybe\nANSWER: A\n\n`
    expect(question.length).toBe(1000)
    const file = (count: number) => multipart({ intent: 'preview', format: 'aiken', difficulty: 'MEDIUM', tags: '', text: question.repeat(count) })

    const fits = file(1_900)
    const read = await send(url, { headers: { 'content-type': fits.contentType, cookie }, body: fits.body })
    expect(read.status).toBe(200)
    expect(read.body).toContain('共 1900 道试题，没有发现错误')

    const over = file(2_200)
    expect((await send(url, { headers: { 'content-type': over.contentType, cookie }, body: over.body })).status).toBe(413)
    const overChunked = await send(url, {
      headers: { 'content-type': over.contentType, cookie, 'transfer-encoding': 'chunked' },
      stream: { chunk: over.body.subarray(0, 64 * KB), totalBytes: over.body.length },
    })
    expect(overChunked.status).toBe(413)
    expect(overChunked.body).toBe('请求内容过大（上限 2 MB）。')
  })
})
