import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LOGIN_THROTTLE } from '../../app/domain/login-throttle.ts'
import { action as loginAction } from '../../app/routes/login.tsx'
import { logIn } from '../../app/services/accounts/log-in.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'

// The route reads the process-wide client and secrets, as in the server.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
afterAll(() => db.$disconnect())

/** A client address never used before in this run: the counters live in the database. */
const run = randomInt(0, 256)
let addresses = 0
const freshAddress = () => `10.${run}.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`

type Outcome = { code: string; retryAfterMs?: number }

/** One log-in attempt; the growing delay is recorded, not waited. */
async function attempt(email: string, password: string, ipAddress: string | null, delays: number[] = []): Promise<Outcome> {
  try {
    await logIn(db, { email, password }, { ipAddress }, new Date(), { sleep: async (ms) => void delays.push(ms) })
    return { code: 'ok' }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { code: error.code, retryAfterMs: error.details?.retryAfterMs as number | undefined }
  }
}

const tally = (outcomes: Outcome[]) => outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.code]: (acc[o.code] ?? 0) + 1 }), {})

let email = ''
const PASSWORD = 'the-right-password'
beforeAll(async () => {
  email = uniqueEmail('throttle')
  await signUpConfirmed(db, { email, password: PASSWORD, realName: '韩梅', locale: 'zh-CN' })
})

describe('one account from one address', () => {
  test('300 wrong passwords: ten are checked, with a growing delay after five, then every attempt is refused for 15 minutes', async () => {
    const target = uniqueEmail('burst')
    await signUpConfirmed(db, { email: target, password: PASSWORD, realName: 'B', locale: 'en' })
    const ip = freshAddress()
    const delays: number[] = []
    const failuresBefore = await db.auditLog.count({ where: { type: 'user.login_failed' } })
    const outcomes: Outcome[] = []
    for (let i = 0; i < 300; i++) outcomes.push(await attempt(target, `guess-${i}`, ip, delays))
    expect(outcomes.slice(0, 10).every((o) => o.code === 'invalid_credentials')).toBe(true)
    expect(tally(outcomes.slice(10))).toEqual({ too_many_logins: 290 })
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000])
    // Refused attempts never reach the password check.
    expect(await db.auditLog.count({ where: { type: 'user.login_failed' } })).toBe(failuresBefore + 10)
    for (const refused of outcomes.slice(10)) {
      expect(refused.retryAfterMs).toBeGreaterThan(0)
      expect(refused.retryAfterMs).toBeLessThanOrEqual(LOGIN_THROTTLE.windowSec * 1000)
    }
    // The right password is refused too from this address, not from another one.
    expect((await attempt(target, PASSWORD, ip)).code).toBe('too_many_logins')
    expect((await attempt(target, PASSWORD, freshAddress())).code).toBe('ok')
  })

  test('a parallel burst is counted as it arrives: at most ten guesses are checked', async () => {
    const target = uniqueEmail('parallel')
    await signUpConfirmed(db, { email: target, password: PASSWORD, realName: 'P', locale: 'en' })
    const ip = freshAddress()
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(target, `guess-${i}`, ip)))
    const counts = tally(outcomes)
    expect(counts.invalid_credentials).toBeGreaterThanOrEqual(1)
    expect(counts.invalid_credentials).toBeLessThanOrEqual(LOGIN_THROTTLE.accountAddressLimit)
    expect(counts.invalid_credentials! + counts.too_many_logins!).toBe(40)
  })

  test('the right password clears the count: the next failures start again without delay', async () => {
    const ip = freshAddress()
    const delays: number[] = []
    for (let i = 0; i < 9; i++) expect((await attempt(email, 'wrong-password', ip, delays)).code).toBe('invalid_credentials')
    expect(delays).toHaveLength(4)
    expect((await attempt(email, PASSWORD, ip, delays)).code).toBe('ok')
    delays.length = 0
    for (let i = 0; i < 9; i++) expect((await attempt(email, 'wrong-password', ip, delays)).code).toBe('invalid_credentials')
    expect(delays).toEqual([1000, 2000, 4000, 8000])
  })

  test('an unknown address is counted exactly like a wrong password', async () => {
    const ip = freshAddress()
    const ghost = uniqueEmail('nobody')
    const outcomes: Outcome[] = []
    for (let i = 0; i < 12; i++) outcomes.push(await attempt(ghost, 'whatever-password', ip))
    expect(outcomes.map((o) => o.code)).toEqual([...Array<string>(10).fill('invalid_credentials'), 'too_many_logins', 'too_many_logins'])
  })

  test('the same address typed in capitals with spaces shares the count', async () => {
    const ip = freshAddress()
    const target = uniqueEmail('case')
    for (let i = 0; i < 10; i++) await attempt(target, 'wrong-password', ip)
    expect((await attempt(`  ${target.toUpperCase()} `, 'wrong-password', ip)).code).toBe('too_many_logins')
  })
})

test('300 wrong passwords for one account from 300 addresses: refused for the account after the limit', async () => {
  const target = uniqueEmail('spread')
  await signUpConfirmed(db, { email: target, password: PASSWORD, realName: 'S', locale: 'en' })
  const outcomes: Outcome[] = []
  for (let i = 0; i < 300; i++) outcomes.push(await attempt(target, `guess-${i}`, freshAddress()))
  expect(tally(outcomes.slice(0, LOGIN_THROTTLE.accountLimit))).toEqual({ invalid_credentials: LOGIN_THROTTLE.accountLimit })
  expect(tally(outcomes.slice(LOGIN_THROTTLE.accountLimit))).toEqual({ too_many_logins: 300 - LOGIN_THROTTLE.accountLimit })
})

test('one address trying many accounts is refused after the per-address limit, whatever the accounts', async () => {
  const ip = freshAddress()
  const outcomes: Outcome[] = []
  for (let i = 0; i < LOGIN_THROTTLE.addressLimit + 5; i++) outcomes.push(await attempt(uniqueEmail(`spray${i}`), 'password-123456', ip))
  expect(tally(outcomes.slice(0, LOGIN_THROTTLE.addressLimit))).toEqual({ invalid_credentials: LOGIN_THROTTLE.addressLimit })
  expect(tally(outcomes.slice(LOGIN_THROTTLE.addressLimit))).toEqual({ too_many_logins: 5 })
})

test('right passwords never count: more log-ins than the per-address limit all go through, and a wrong one is still just wrong', async () => {
  const ip = freshAddress()
  for (let i = 0; i < LOGIN_THROTTLE.addressLimit + 5; i++) expect((await attempt(email, PASSWORD, ip)).code).toBe('ok')
  expect((await attempt(email, 'wrong-password', ip)).code).toBe('invalid_credentials')
})

describe('the log-in form', () => {
  async function post(form: Record<string, string>, ip: string) {
    const request = new Request('http://forum.test/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-cme-client-ip': ip },
      body: new URLSearchParams(form),
    })
    return (await loginAction({ request, params: {}, context: {} })) as unknown
  }

  test('answers 429 with Retry-After and the minutes to wait once the limit is reached', async () => {
    const ip = freshAddress()
    const target = uniqueEmail('form')
    for (let i = 0; i < LOGIN_THROTTLE.accountAddressLimit; i++) await attempt(target, 'wrong-password', ip)
    const result = (await post({ email: target, password: 'wrong-password' }, ip)) as { data: { code: string; values?: { minutes: number } }; init: { status: number; headers: HeadersInit } }
    expect(result.init.status).toBe(429)
    const retryAfter = Number(new Headers(result.init.headers).get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(LOGIN_THROTTLE.windowSec - 60)
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.windowSec)
    expect(result.data).toMatchObject({ code: 'too_many_logins', values: { minutes: 15 } })
  })

  test('a right password logs in and sets the cookie', async () => {
    const res = (await post({ email, password: PASSWORD, redirectTo: '/me' }, freshAddress())) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/me')
    expect(res.headers.get('set-cookie')).toMatch(/^__session=/)
  })
})
