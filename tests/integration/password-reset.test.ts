import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { hash, verify } from '@node-rs/argon2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashPasswordToken } from '../../app/domain/password-token.ts'
import { createLoginSession } from '../../app/services/accounts/create-login-session.server.ts'
import { findPasswordLink } from '../../app/services/accounts/find-password-link.server.ts'
import { requestPasswordReset } from '../../app/services/accounts/request-password-reset.server.ts'
import { resetPassword } from '../../app/services/accounts/reset-password.server.ts'
import { queuePasswordResetEmail } from '../../app/services/email/queue-password-reset-email.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { commitLoginSession, getOptionalUser } from '../../app/utils/auth.server.ts'
import { resetEnvCache } from '../../app/utils/env.server.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'

// The routes read the process-wide client, the cookie secret and the public address, as in the app.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'
process.env.PUBLIC_URL = 'https://forum.example.org'
resetEnvCache()

const db = testDb()
const execFileAsync = promisify(execFile)
const NEW_PASSWORD = 'brand-new-passphrase-2026'
let passwordHash = ''
let ipCounter = 0
/** Each test asks from an address of its own, so the per-address throttle counts only its requests. */
const freshIp = () => `test-client-${process.pid}-${Date.now()}-${ipCounter++}`

beforeAll(async () => {
  passwordHash = await hash('the-old-passphrase-1')
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

async function createUser(label: string) {
  return db.user.create({ data: { email: uniqueEmail(label), passwordHash, realName: label, locale: 'en' }, select: { id: true, email: true } })
}

async function signIn(userId: string) {
  const session = await createLoginSession(db, { userId }, { userAgent: 'Firefox/133.0', ipAddress: '203.0.113.1' })
  return { id: session.id, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
}

/** The token from the last reset mail to `email` (the database keeps only its hash). */
async function tokenFromMail(email: string): Promise<string> {
  const mail = await db.emailMessage.findFirstOrThrow({ where: { toAddress: email, kind: 'password_reset' }, orderBy: { createdAt: 'desc' } })
  const match = /https:\/\/forum\.example\.org\/reset-password\/([A-Za-z0-9_-]{43})\b/.exec(mail.text)
  expect(match, mail.text).not.toBeNull()
  return match![1]!
}

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
})

describe('asking for a reset link', () => {
  test('mails a one-time link to an existing account and stores only its hash', async () => {
    const user = await createUser('ask')
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() })
    const token = await tokenFromMail(user.email)
    const rows = await db.passwordToken.findMany({ where: { userId: user.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ purpose: 'RESET', usedAt: null, tokenHash: hashPasswordToken(token) })
    expect(JSON.stringify(rows)).not.toContain(token)
    const ttl = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()
    expect(ttl).toBe(3600_000)
    const mail = await db.emailMessage.findFirstOrThrow({ where: { toAddress: user.email, kind: 'password_reset' } })
    expect(mail.subject).toBe('Reset your password')
  })

  test('gives the same answer for an unknown address, and writes nothing', async () => {
    const { action } = await import('../../app/routes/forgot-password.tsx')
    const user = await createUser('same-answer')
    const unknown = uniqueEmail('nobody')
    const ip = freshIp()
    const ask = (email: string) => {
      const init = form({ email })
      return action({ request: new Request('http://localhost/forgot-password', { ...init, headers: { ...init.headers, 'x-cme-client-ip': ip } }), params: {}, context: {} })
    }
    const known = await ask(user.email)
    const tokensBefore = await db.passwordToken.count()
    const mailsBefore = await db.emailMessage.count()
    const missing = await ask(unknown)
    expect(missing).toEqual(known)
    expect(known).toEqual({ sent: true, errors: {}, code: undefined })
    expect(await db.passwordToken.count()).toBe(tokensBefore)
    expect(await db.emailMessage.count()).toBe(mailsBefore)
  })

  test('is throttled per address asked for, known or not, with the same refusal', async () => {
    const user = await createUser('throttle')
    const unknown = uniqueEmail('throttle-nobody')
    for (const email of [user.email, unknown]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset(db, { email }, queuePasswordResetEmail, { ipAddress: freshIp() })
      const refused = await requestPasswordReset(db, { email }, queuePasswordResetEmail, { ipAddress: freshIp() }).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(AppError)
      expect((refused as AppError).code).toBe('rate_limited')
    }
    expect(await db.passwordToken.count({ where: { userId: user.id } })).toBe(3)
  })

  test('is throttled per client address', async () => {
    const ip = freshIp()
    for (let i = 0; i < 10; i++) await requestPasswordReset(db, { email: uniqueEmail('ip') }, queuePasswordResetEmail, { ipAddress: ip })
    const refused = await requestPasswordReset(db, { email: uniqueEmail('ip') }, queuePasswordResetEmail, { ipAddress: ip }).catch((e: unknown) => e)
    expect((refused as AppError).code).toBe('rate_limited')
  })
})

describe('using the link', () => {
  test('sets the password, ends every session, signs in anew, and works only once', async () => {
    const user = await createUser('reset')
    const laptop = await signIn(user.id)
    const phone = await signIn(user.id)
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() })
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() })
    const token = await tokenFromMail(user.email)
    expect(await findPasswordLink(db, token)).toEqual({ purpose: 'RESET', email: user.email })

    const { session } = await resetPassword(db, { token, password: NEW_PASSWORD }, { userAgent: 'Safari', ipAddress: '198.51.100.2' })
    expect(await db.loginSession.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: session.id }])
    expect(await getOptionalUser(new Request('http://localhost/', { headers: { cookie: laptop.cookie } }))).toBeNull()
    expect(await getOptionalUser(new Request('http://localhost/', { headers: { cookie: phone.cookie } }))).toBeNull()
    expect(await verify((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, NEW_PASSWORD)).toBe(true)
    // The link is spent, and so is the earlier one of the same account.
    expect(await db.passwordToken.count({ where: { userId: user.id, usedAt: null } })).toBe(0)
    expect(await findPasswordLink(db, token)).toBeNull()
    const again = await resetPassword(db, { token, password: 'yet-another-passphrase' }).catch((e: unknown) => e)
    expect((again as AppError).code).toBe('password_link_invalid')
    expect((again as AppError).status).toBe(410)
  })

  test('an expired link does nothing', async () => {
    const user = await createUser('expired')
    const asked = new Date(Date.now() - 61 * 60_000)
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() }, asked)
    const token = await tokenFromMail(user.email)
    expect(await findPasswordLink(db, token)).toBeNull()
    const error = await resetPassword(db, { token, password: NEW_PASSWORD }).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('password_link_invalid')
    expect(await verify((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, NEW_PASSWORD)).toBe(false)
  })

  test('a common password is refused and the link stays usable', async () => {
    const user = await createUser('weak')
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() })
    const token = await tokenFromMail(user.email)
    const error = await resetPassword(db, { token, password: 'qwertyuiop' }).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('validation_failed')
    expect(await findPasswordLink(db, token)).not.toBeNull()
  })

  test('through the page: a bad token is a 404; the form signs in, then the link is gone', async () => {
    const route = await import('../../app/routes/reset-password.$token.tsx')
    const user = await createUser('page')
    await requestPasswordReset(db, { email: user.email }, queuePasswordResetEmail, { ipAddress: freshIp() })
    const token = await tokenFromMail(user.email)
    const url = `http://localhost/reset-password/${token}`

    const bad = await route.loader({ request: new Request('http://localhost/reset-password/x'), params: { token: 'not-a-token' }, context: {} }).catch((e: unknown) => e)
    expect((bad as { init: { status: number } }).init.status).toBe(404)
    const page = (await route.loader({ request: new Request(url), params: { token }, context: {} })) as unknown as { data: { link: unknown } }
    expect(page.data.link).toEqual({ purpose: 'RESET', email: user.email })

    const res = (await route.action({ request: new Request(url, form({ password: NEW_PASSWORD })), params: { token }, context: {} })) as Response
    expect(res.status).toBe(302)
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!
    expect((await getOptionalUser(new Request('http://localhost/', { headers: { cookie } })))?.id).toBe(user.id)

    const twice = (await route.action({ request: new Request(url, form({ password: 'something-else-entirely' })), params: { token }, context: {} })) as unknown as {
      init: { status: number }
      data: { code: string }
    }
    expect(twice.init.status).toBe(410)
    expect(twice.data.code).toBe('password_link_invalid')
  })
})

describe('npm run admin:create', () => {
  const run = (args: string[]) =>
    execFileAsync(path.resolve('node_modules/.bin/tsx'), ['scripts/create-admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), PUBLIC_URL: 'https://forum.example.org', NODE_ENV: 'test' },
    })

  test('creates an administrator without a usable password and prints a one-time link that sets it', async () => {
    const email = uniqueEmail('admin')
    const { stdout } = await run(['--email', email.toUpperCase(), '--name', '系统管理员'])
    const link = /https:\/\/forum\.example\.org\/reset-password\/([A-Za-z0-9_-]{43})/.exec(stdout)
    expect(link, stdout).not.toBeNull()
    const admin = await db.user.findUniqueOrThrow({ where: { email } })
    expect(admin).toMatchObject({ role: 'ADMIN', realName: '系统管理员' })
    expect(await findPasswordLink(db, link![1]!)).toEqual({ purpose: 'SETUP', email })
    const token = await db.passwordToken.findFirstOrThrow({ where: { userId: admin.id } })
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBe(24 * 3600_000)

    const { session } = await resetPassword(db, { token: link![1]!, password: NEW_PASSWORD })
    expect(await verify((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).passwordHash, NEW_PASSWORD)).toBe(true)
    expect((await db.loginSession.findUniqueOrThrow({ where: { id: session.id } })).userId).toBe(admin.id)
    const reuse = await resetPassword(db, { token: link![1]!, password: 'another-passphrase-9' }).catch((e: unknown) => e)
    expect((reuse as AppError).code).toBe('password_link_invalid')
  })

  test('refuses a new account without a name, and creates nothing', async () => {
    const email = uniqueEmail('nameless')
    const nameless = await run(['--email', email]).catch((e: unknown) => e as { code: number; stderr: string })
    expect(nameless).toMatchObject({ code: 1 })
    expect((nameless as { stderr: string }).stderr).toContain('--name')
    expect(await db.user.count({ where: { email } })).toBe(0)
  })
})
