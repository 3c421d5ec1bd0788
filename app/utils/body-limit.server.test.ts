import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { BODY_LIMITS, bodyRuleFor, formatBytes, formBodyProblem, formContentType, originAllowed, readBody } from './body-limit.server.ts'

describe('bodyRuleFor', () => {
  test.each([
    ['/login', 'form', 64 * 1024, true],
    ['/login.data', 'form', 64 * 1024, true],
    ['/staff/events/abc123de/questions', 'form', 2 * 1024 * 1024, true],
    ['/staff/events/abc123de/questions.data', 'form', 2 * 1024 * 1024, true],
    ['/staff/events/abc123de/questions/extra', 'form', 64 * 1024, true],
    ['/staff/events/abc123de/exams', 'form', 64 * 1024, true],
    ['/api/stripe/webhook', 'raw', 512 * 1024, false],
    ['/staff/events/abc123de/certificate-artwork', 'form', 3 * 1024 * 1024, true],
    ['/staff/events/abc123de/certificate-artwork.data', 'form', 3 * 1024 * 1024, true],
    ['/staff/events/abc123de/certificate-artwork/extra', 'form', 64 * 1024, true],
    ['/staff/events/abc123de/payments', 'form', 3 * 1024 * 1024, true],
    ['/staff/events/abc123de/payments.data', 'form', 3 * 1024 * 1024, true],
    ['/staff/events/abc123de/eligibility', 'form', 5 * 1024 * 1024, true],
    ['/staff/events/abc123de/eligibility.data', 'form', 5 * 1024 * 1024, true],
    ['/staff/events/abc123de/eligibility/cards/x', 'form', 64 * 1024, true],
    ['/events/some-event/register', 'form', 3 * 1024 * 1024, true],
    ['/events/some-event/register.data', 'form', 3 * 1024 * 1024, true],
    ['/api/checkin', 'json', 64 * 1024, true],
    ['/api/exam-attempts/abc123de', 'json', 64 * 1024, true],
  ])('%s: %s body, at most %i bytes, same origin: %s', (path, kind, limit, sameOrigin) => {
    expect(bodyRuleFor(path)).toEqual({ kind, limit, sameOrigin })
  })

  test('the limits', () => {
    expect(BODY_LIMITS).toEqual({
      form: 65_536,
      questionImport: 2_097_152,
      certificateArtwork: 3_145_728,
      paymentUpload: 3_145_728,
      memberList: 5_242_880,
      registerWithCard: 3_145_728,
      registrationImport: 3_145_728,
      stripeWebhook: 524_288,
      json: 65_536,
    })
  })
})

describe('originAllowed, as Remix compares Origin with the host', () => {
  test.each([
    ['no Origin (curl, a server)', {}, true],
    ['the same host', { origin: 'http://forum.example:3000', host: 'forum.example:3000' }, true],
    ['https through a proxy that keeps the Host', { origin: 'https://forum.example', host: 'forum.example' }, true],
    ['the first X-Forwarded-Host', { origin: 'https://forum.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'forum.example, proxy.internal' }, true],
    ['another site', { origin: 'https://evil.example', host: 'forum.example' }, false],
    ['another port', { origin: 'http://forum.example:4000', host: 'forum.example:3000' }, false],
    ['an X-Forwarded-Host that differs', { origin: 'https://forum.example', host: 'forum.example', 'x-forwarded-host': 'evil.example' }, false],
    ['"null" (a sandboxed frame, a file)', { origin: 'null', host: 'forum.example' }, false],
    ['an Origin that is not a URL', { origin: 'not a url', host: 'forum.example' }, false],
    ['an empty Origin', { origin: '', host: 'forum.example' }, false],
    ['an Origin without a Host to compare', { origin: 'https://forum.example' }, false],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', host: 'forum.example' }, false],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'https://forum.example', host: 'forum.example' }, true],
  ])('%s → %s', (_name, headers, allowed) => {
    expect(originAllowed(headers as IncomingMessage['headers'])).toBe(allowed)
  })
})

describe('formContentType', () => {
  test.each([
    ['application/x-www-form-urlencoded', { ok: true, multipart: false }],
    ['application/x-www-form-urlencoded;charset=UTF-8', { ok: true, multipart: false }],
    ['multipart/form-data; boundary=----x', { ok: true, multipart: true }],
    ['Multipart/Form-Data; BOUNDARY="abc"', { ok: true, multipart: true }],
    ['multipart/form-data', { ok: false, status: 400 }],
    ['multipart/form-data; boundary=', { ok: false, status: 400 }],
    ['application/json', { ok: false, status: 415 }],
    ['text/plain', { ok: false, status: 415 }],
    [undefined, { ok: false, status: 415 }],
  ])('%s → %o', (header, expected) => {
    expect(formContentType(header)).toEqual(expected)
  })
})

describe('formBodyProblem', () => {
  const multipart = (field: string) => Buffer.from(`--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\n${field}\r\n--xyz--\r\n`)
  test.each([
    ['a plain form', Buffer.from('name=%E5%BC%A0&x=1'), false, null],
    ['%00 in a form', Buffer.from('name=a%00b'), false, 'forbidden_characters'],
    ['a raw NUL in a form', Buffer.from('name=a\0b'), false, 'forbidden_characters'],
    ['a multipart field', multipart('::t:: Q {=a ~b}'), true, null],
    ['NUL in a multipart field', multipart('a\0b'), true, 'forbidden_characters'],
    ['a multipart body that is not one', Buffer.from('garbage'), true, 'malformed'],
  ])('%s → %s', async (_name, body, isMultipart, expected) => {
    expect(await formBodyProblem(body, isMultipart ? 'multipart/form-data; boundary=xyz' : 'application/x-www-form-urlencoded', isMultipart)).toBe(expected)
  })
})

describe('readBody', () => {
  const stream = () => new PassThrough() as unknown as IncomingMessage & PassThrough

  test('reads a body within the limit, in chunks', async () => {
    const req = stream()
    const body = readBody(req, 10)
    req.write('hello ')
    req.end('you!')
    expect((await body).toString()).toBe('hello you!')
  })

  test('stops at the first chunk past the limit and stops reading', async () => {
    const req = stream()
    const body = readBody(req, 10)
    req.write('123456')
    req.write('7890X')
    expect(await body).toBe('too_large')
    expect(req.isPaused()).toBe(true)
    expect(req.listenerCount('data')).toBe(0)
  })

  test('a client that goes away is "aborted"', async () => {
    const req = stream()
    const body = readBody(req, 10)
    req.write('123')
    req.destroy()
    expect(await body).toBe('aborted')
  })
})

test.each([
  [65_536, '64 KB'],
  [524_288, '512 KB'],
  [2_097_152, '2 MB'],
])('formatBytes(%i) = %s', (bytes, text) => {
  expect(formatBytes(bytes)).toBe(text)
})
