import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { logEntries, startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { form, FORM, logIn, multipart, send } from '../helpers/http-probe.ts'
import { FAKE_SECRET_KEY, FAKE_WEBHOOK_SECRET } from '../helpers/stripe-fake.ts'

// Issue 17, finding 9: 21 bad requests answered 500. Each case here is sent to the real server
// (server.ts, production build) and must get a 4xx (or, for a redirect target, a safe redirect),
// never a 500; and a refusal is logged at info, never at error.

const db = testDb()
let server: AppServer
let staff = ''
let attendee = ''
let eventId = ''

beforeAll(async () => {
  server = await startAppServer({ databaseUrl: testDatabaseUrl(), env: { STRIPE_SECRET_KEY: FAKE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET } })
  staff = await logIn(db, server.url, 'STAFF', 'bad-input-staff')
  attendee = await logIn(db, server.url, 'ATTENDEE', 'bad-input-attendee')
  eventId = (await createEvent(db)).id
})
afterAll(async () => {
  await server?.stop()
  await db.$disconnect()
})

const post = (path: string, headers: Record<string, string>, body?: string | Buffer) => send(`${server.url}${path}`, { headers, body })

describe('NUL bytes never reach PostgreSQL', () => {
  test.each([
    ['a name at sign-up (%00)', () => post('/signup', FORM, form({ email: 'nul@test.cme-forum.org', password: 'a-long-enough-password', realName: 'Zhang\u0000San' }))],
    ['a name at sign-up (a raw NUL byte)', () => post('/signup', FORM, 'email=nul2%40test.cme-forum.org&password=a-long-enough-password&realName=Zhang\u0000San')],
    ['a name in the profile', () => post('/profile', { ...FORM, cookie: attendee }, form({ realName: 'Li\u0000Si' }))],
    [
      'an event title in the staff console',
      () =>
        post(
          '/staff',
          { ...FORM, cookie: staff },
          form({ slug: 'nul-event', titleZh: '会议\u0000', titleEn: 'Meeting', timeZone: 'Asia/Shanghai', startsAt: '2027-01-01T09:00', endsAt: '2027-01-01T17:00' }),
        ),
    ],
    [
      'GIFT text in an import (form)',
      () => post(`/staff/events/${eventId}/questions`, { ...FORM, cookie: staff }, form({ intent: 'import', format: 'gift', difficulty: 'MEDIUM', tags: '', text: '::Q:: Which\u0000? {=a ~b}' })),
    ],
    [
      'GIFT text in an import (multipart)',
      () => {
        const m = multipart({ intent: 'preview', format: 'gift', difficulty: 'MEDIUM', tags: '', text: '::Q:: Which\u0000? {=a ~b}' })
        return post(`/staff/events/${eventId}/questions`, { 'content-type': m.contentType, cookie: staff }, m.body)
      },
    ],
    ['a search in the query string', () => send(`${server.url}/staff/forums/abcdefgh1234/attendance?q=%00`, { method: 'GET', headers: { cookie: staff } })],
    ['a redirect target in the query string', () => send(`${server.url}/login?redirectTo=/events%00`, { method: 'GET' })],
  ])('%s → 400', async (_name, request) => {
    const res = await request()
    expect(res.status).toBe(400)
    expect(res.body).toBe('请求中含有无法处理的字符（如空字符 NUL）。')
  })
})

describe('bodies that are not the form an action reads', () => {
  test.each([
    ['JSON to /login', { 'content-type': 'application/json' }, JSON.stringify({ email: 'a@b.example', password: 'x' }), 415],
    ['text/plain to /login (what a cross-site form can send)', { 'content-type': 'text/plain' }, 'email=a@b.example', 415],
    ['XML to /signup', { 'content-type': 'application/xml' }, '<signup/>', 415],
    ['no Content-Type at all', {}, 'email=a', 415],
    ['an empty POST without a Content-Type', {}, undefined, 415],
    ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'x', 400],
    ['multipart that does not parse', { 'content-type': 'multipart/form-data; boundary=abcdef' }, 'this is not multipart', 400],
  ])('%s → %i', async (_name, headers, body, status) => {
    const res = await post('/login', headers as Record<string, string>, body)
    expect(res.status).toBe(status)
    expect(res.body).toMatch(/表单/)
  })

  test('a form action reached through single fetch (.data) is held to the same rule', async () => {
    expect((await post('/login.data', { 'content-type': 'application/json' }, '{}')).status).toBe(415)
  })
})

describe('cross-origin and malformed Origin on a POST → 403 (Remix would throw: 500)', () => {
  test.each([
    ['another site', 'https://evil.example'],
    ['another port of this host', 'http://127.0.0.1:1'],
    ['"null" (a sandboxed frame)', 'null'],
    ['not a URL', 'not a url'],
    ['an empty Origin', ''],
  ])('%s', async (_name, origin) => {
    for (const path of ['/login', '/login.data', `/staff/events/${eventId}/questions`, '/api/checkin']) {
      const res = await post(path, { ...FORM, origin, cookie: staff }, form({ email: 'a@b.example', password: 'x' }))
      expect(res.status, path).toBe(403)
    }
  })

  test('Sec-Fetch-Site: cross-site is refused even without an Origin', async () => {
    expect((await post('/profile', { ...FORM, 'sec-fetch-site': 'cross-site', cookie: attendee }, form({ realName: 'x' }))).status).toBe(403)
  })

  test("this site's own Origin passes", async () => {
    const res = await post('/login', { ...FORM, origin: server.url }, form({ email: 'nobody@test.cme-forum.org', password: 'wrong-password' }))
    expect([401, 422, 429]).toContain(res.status)
  })

  test('the Stripe webhook is server to server: no Origin check, its signature decides', async () => {
    const res = await post('/api/stripe/webhook', { 'content-type': 'application/json', origin: 'https://evil.example', 'stripe-signature': 't=1,v1=forged' }, '{}')
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  })
})

describe('redirect targets that cannot be a Location header', () => {
  test.each([
    ['CR/LF', '/events\r\nSet-Cookie: x=1'],
    ['a line feed', '/events\n'],
    ['a tab (%09 once decoded)', '/\t/evil.example/phish'],
    ['characters above U+00FF', '/events/会议'],
    ['a backslash', '/\\evil.example'],
  ])('%s in redirectTo after a good log-in: a redirect to this site, not a 500', async (_name, redirectTo) => {
    const email = `redirect-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@test.cme-forum.org`
    const { hash } = await import('@node-rs/argon2')
    await db.user.create({ data: { email, passwordHash: await hash('a-long-probe-password-42'), realName: 'r' } })
    const res = await post('/login', FORM, form({ email, password: 'a-long-probe-password-42', redirectTo }))
    expect(res.status).toBe(302)
    const location = res.headers.location!
    // eslint-disable-next-line no-control-regex -- control characters are what must not appear
    expect(location).toMatch(/^\/(?![/\\])[^\u0000-\u001f\u007f-\uffff]*$/)
  })
})

describe('a signed Stripe event without the object it needs', () => {
  const sdk = new Stripe('sk_test_unused')
  test.each([
    ['no data at all', { type: 'checkout.session.completed' }],
    ['data without object', { type: 'checkout.session.completed', data: {} }],
    ['a refund without its charge', { type: 'charge.refunded', data: { object: null } }],
  ])('%s → 400', async (_name, fields) => {
    const payload = JSON.stringify({ id: `evt_bad_${Date.now()}_${Math.random()}`, object: 'event', created: Math.floor(Date.now() / 1000), ...fields })
    const res = await post('/api/stripe/webhook', { 'content-type': 'application/json', 'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET }) }, payload)
    expect(res.status).toBe(400)
  })
})

describe('other requests a guard refuses', () => {
  test.each([
    ['an unknown page', 'GET', '/no/such/page', 404],
    ['a POST to a page without an action', 'POST', '/events', 405],
    ['a staff page for an attendee', 'GET', `/staff/events/${'x'.repeat(12)}/questions`, 403],
  ])('%s → %i', async (_name, method, path, status) => {
    const res = await send(`${server.url}${path}`, { method, headers: { ...FORM, cookie: attendee }, body: method === 'POST' ? 'a=1' : undefined })
    expect(res.status).toBe(status)
  })
})

describe('the payments page (bank transfers, statements, fapiao) refuses bad input in words', () => {
  /** A multipart body with one file part, as a browser sends an upload. */
  const upload = (fields: Record<string, string>, file: { name: string; filename: string; body: Buffer }) => {
    const boundary = `----cme-probe-${Math.random().toString(36).slice(2)}`
    const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
    const filePart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file.body,
      Buffer.from('\r\n'),
    ])
    return { body: Buffer.concat([...parts, filePart, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` }
  }
  const payments = () => `/staff/events/${eventId}/payments`

  test.each([
    ['an unknown intent', 422, () => form({ intent: 'steal' })],
    ['a transfer id that is not an id', 422, () => form({ intent: 'received', transferId: '../../x' })],
    ['a transfer that does not exist', 404, () => form({ intent: 'received', transferId: 'abcdefgh12345678' })],
    ['statement lines that are not JSON', 422, () => form({ intent: 'confirm', lines: '{not json' })],
    ['statement lines of the wrong shape', 422, () => form({ intent: 'confirm', lines: JSON.stringify([{ row: -1 }]) })],
    ['an account number with letters', 422, () => form({ intent: 'account', enabled: 'on', accountName: 'a', bankName: 'b', accountNumber: 'ABC', holdDays: '7' })],
    ['a hold of 0 days', 422, () => form({ intent: 'account', enabled: 'on', accountName: 'a', bankName: 'b', accountNumber: '12345678', holdDays: '0' })],
    ['a group of one', 422, () => form({ intent: 'group', payerName: 'x', registrationIds: 'abcdefgh12345678' })],
  ] as const)('%s → %i', async (_name, status, body) => {
    const res = await post(payments(), { ...FORM, cookie: staff }, body())
    expect(res.status).toBe(status)
  })

  test.each([
    ['a statement that is a picture', 422, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a statement without amount or remark columns', 422, Buffer.from('名称,数量\r\na,1\r\n')],
    ['a broken XLSX', 422, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])],
  ])('%s → %i', async (_name, status, bytes) => {
    const m = upload({ intent: 'preview' }, { name: 'statement', filename: 'statement.csv', body: bytes })
    const res = await post(payments(), { 'content-type': m.contentType, cookie: staff }, m.body)
    expect(res.status).toBe(status)
  })

  test('an upload over the page’s 3 MB limit → 413', async () => {
    const m = upload({ intent: 'preview' }, { name: 'statement', filename: 'big.csv', body: Buffer.alloc(3 * 1024 * 1024 + 1, 0x41) })
    expect((await post(payments(), { 'content-type': m.contentType, cookie: staff }, m.body)).status).toBe(413)
  })

  test('an attendee is refused; a fapiao PDF that is not theirs is not found', async () => {
    expect((await post(payments(), { ...FORM, cookie: attendee }, form({ intent: 'received', transferId: 'abcdefgh12345678' }))).status).toBe(403)
    expect((await send(`${server.url}/me/fapiao/abcdefgh12345678.pdf`, { method: 'GET', headers: { cookie: attendee } })).status).toBe(404)
    expect((await send(`${server.url}/me/fapiao/..%2F..%2Fetc.pdf`, { method: 'GET', headers: { cookie: attendee } })).status).toBe(404)
  })
})

test('no bad request above was answered with a 500 or logged at error level; refusals are logged at info', () => {
  const entries = logEntries(server.log())
  expect(entries.filter((e) => e.level >= 50).map((e) => `${e.msg} ${JSON.stringify(e).slice(0, 300)}`)).toEqual([])
  expect(entries.some((e) => e.level === 30 && e.msg === 'request refused' && e.status === 415)).toBe(true)
  expect(entries.some((e) => e.level === 30 && e.msg === 'request refused' && e.status === 403)).toBe(true)
})
