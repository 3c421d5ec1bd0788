import { randomInt } from 'node:crypto'
import { afterAll, describe, expect, test } from 'vitest'
import { action as confirmAction, loader as confirmLoader } from '../../app/routes/signup_.confirm.$token.tsx'
import { action as signupAction } from '../../app/routes/signup.tsx'
import { signupLinkFromOutbox, signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'

// The routes read the process-wide client and secrets, as in the server.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'
process.env.PUBLIC_URL = 'https://forum.test'

const db = testDb()
afterAll(() => db.$disconnect())

const run = randomInt(0, 256)
let addresses = 0
const freshAddress = () => `10.${run}.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`

type Reply = { data: Record<string, unknown>; init: { status: number; headers?: HeadersInit } | null }

/** Posts the sign-up form as a browser does, and returns the action's result as Remix gets it. */
async function signUpForm(form: Record<string, string>, ip = freshAddress()): Promise<Reply> {
  const request = new Request('http://forum.test/signup', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-cme-client-ip': ip },
    body: new URLSearchParams(form),
  })
  const result = (await signupAction({ request, params: {}, context: {} })) as unknown
  // A success is the plain object; a failure is data(body, { status }).
  if (result && typeof result === 'object' && 'init' in result) return result as Reply
  return { data: result as Record<string, unknown>, init: null }
}

const statusOf = (reply: Reply) => reply.init?.status ?? 200

describe('the password policy at sign-up', () => {
  test.each([
    ['`password`', 'password', 'validation.passwordShort'],
    ['`12345678`', '12345678', 'validation.passwordShort'],
    ['nine characters', 'kq8-zw!m2', 'validation.passwordShort'],
    ['eight spaces', '        ', 'validation.passwordBlank'],
    ['ten spaces', '          ', 'validation.passwordBlank'],
    ['a top-10,000 password of ten characters', '1234567890', 'validation.passwordCommon'],
    ['another one, in capitals', 'QWERTYUIOP', 'validation.passwordCommon'],
    ['`password123`', 'password123', 'validation.passwordCommon'],
  ])('%s is refused with its reason, and nothing is written or mailed', async (_name, password, reason) => {
    const email = uniqueEmail('weak')
    const reply = await signUpForm({ email, password, realName: '周杰' })
    expect(statusOf(reply)).toBe(422)
    expect(reply.data).toMatchObject({ sent: false, code: 'validation_failed', errors: { password: reason } })
    expect(await db.signupRequest.count({ where: { email } })).toBe(0)
    expect(await db.emailMessage.count({ where: { toAddress: email } })).toBe(0)
  })

  test('a long, uncommon password is accepted', async () => {
    const reply = await signUpForm({ email: uniqueEmail('strong'), password: 'violet-tram-4-harbour', realName: '周杰' })
    expect(statusOf(reply)).toBe(200)
    expect(reply.data).toMatchObject({ sent: true })
  })
})

describe('no enumeration', () => {
  test('an address with an account gets the same answer as a new one; its owner is told, and nothing is made', async () => {
    const taken = uniqueEmail('owner')
    await signUpConfirmed(db, { email: taken, password: 'owners-password', realName: '林芳', locale: 'en' })
    const fresh = uniqueEmail('newcomer')
    const usersBefore = await db.user.count()

    const forNew = await signUpForm({ email: fresh, password: 'violet-tram-4-harbour', realName: 'Mallory Intruder' })
    const forTaken = await signUpForm({ email: taken, password: 'violet-tram-4-harbour', realName: 'Mallory Intruder' })
    expect(statusOf(forTaken)).toBe(statusOf(forNew))
    expect(forNew.data).toEqual({ sent: true, email: fresh })
    expect(forTaken.data).toEqual({ sent: true, email: taken })

    expect(await db.user.count()).toBe(usersBefore)
    expect(await db.signupRequest.count({ where: { email: taken } })).toBe(0)
    // The owner's own sign-up mail, then only the warning: no second link.
    expect(await db.emailMessage.count({ where: { toAddress: taken, kind: 'signup_confirmation' } })).toBe(1)
    const toOwner = await db.emailMessage.findMany({ where: { toAddress: taken, kind: 'signup_existing' } })
    expect(toOwner).toHaveLength(1)
    expect(toOwner[0]).toMatchObject({ kind: 'signup_existing', locale: 'en' })
    expect(toOwner[0]!.text).toContain('林芳')
    expect(toOwner[0]!.text).not.toContain('Mallory')
    expect(toOwner[0]!.text).toContain('https://forum.test/login')
    expect(toOwner[0]!.text).not.toMatch(/signup\/confirm/)
    expect(await signupLinkFromOutbox(db, fresh)).toMatch(/^\/signup\/confirm\//)

    // Trying again within the hour does not flood the owner's inbox.
    await signUpForm({ email: taken, password: 'violet-tram-4-harbour', realName: 'Mallory Intruder' })
    expect(await db.emailMessage.count({ where: { toAddress: taken, kind: 'signup_existing' } })).toBe(1)
  })

  test('sign-ups are limited per client address: the eleventh in an hour gets 429 with Retry-After', async () => {
    const ip = freshAddress()
    for (let i = 0; i < 10; i++) expect(statusOf(await signUpForm({ email: uniqueEmail(`many${i}`), password: 'violet-tram-4-harbour', realName: 'M' }, ip))).toBe(200)
    const refused = await signUpForm({ email: uniqueEmail('eleventh'), password: 'violet-tram-4-harbour', realName: 'M' }, ip)
    expect(statusOf(refused)).toBe(429)
    expect(refused.data).toMatchObject({ sent: false, code: 'too_many_signups', retry: { minutes: 60 } })
    const retryAfter = Number(new Headers(refused.init!.headers).get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(3500)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    // Another address is not affected.
    expect(statusOf(await signUpForm({ email: uniqueEmail('elsewhere'), password: 'violet-tram-4-harbour', realName: 'M' }))).toBe(200)
  })
})

describe('the link in the mail', () => {
  const page = async (path: string, method: 'GET' | 'POST' = 'GET') => {
    const token = path.split('/').pop()!
    const request = new Request(`http://forum.test${path}`, { method, headers: { 'x-cme-client-ip': freshAddress() } })
    return method === 'GET' ? ((await confirmLoader({ request, params: { token }, context: {} })) as unknown as Reply) : ((await confirmAction({ request, params: { token }, context: {} })) as unknown)
  }

  test('opening it only shows the address and a button; pressing it makes the account, logs in and goes where the form said', async () => {
    const email = uniqueEmail('link')
    await signUpForm({ email, password: 'violet-tram-4-harbour', realName: '吴桐', redirectTo: '/events/some-event/register' })
    const link = await signupLinkFromOutbox(db, email)
    const shown = (await page(link)) as Reply
    expect(shown.init?.status).toBe(200)
    expect(shown.data).toEqual({ email })
    expect(await db.user.count({ where: { email } })).toBe(0)

    const done = (await page(link, 'POST')) as Response
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/events/some-event/register')
    expect(done.headers.get('set-cookie')).toMatch(/^__session=/)
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, realName: true, loginSessions: { select: { id: true } } } })
    expect(user.realName).toBe('吴桐')
    expect(user.loginSessions).toHaveLength(1)

    const again = (await page(link, 'POST')) as Reply
    expect(again.init?.status).toBe(410)
    expect(again.data).toEqual({ code: 'signup_link_invalid', redirectTo: null })
    expect(((await page(link)) as Reply).init?.status).toBe(410)
  })

  test('a made-up link is a 410 page, not an error', async () => {
    const reply = (await page(`/signup/confirm/${'x'.repeat(43)}`)) as Reply
    expect(reply.init?.status).toBe(410)
    expect(reply.data).toEqual({ email: null })
  })
})
