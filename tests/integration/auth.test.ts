import { verify } from '@node-rs/argon2'
import { afterAll, describe, expect, test } from 'vitest'
import { confirmSignUp } from '../../app/services/accounts/confirm-sign-up.server.ts'
import { logIn } from '../../app/services/accounts/log-in.server.ts'
import { logOut } from '../../app/services/accounts/log-out.server.ts'
import { requestSignUp } from '../../app/services/accounts/sign-up.server.ts'
import { updateProfile } from '../../app/services/accounts/update-profile.server.ts'
import { signupEmails } from '../../app/services/email/queue-signup-emails.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { signUpConfirmed, signupTokenFromOutbox } from '../helpers/accounts.ts'
import { testDb, uniqueEmail } from '../helpers/db.ts'

const db = testDb()
afterAll(() => db.$disconnect())

const codeOf = (error: unknown) => (error instanceof AppError ? error.code : error)

describe('sign-up', () => {
  test('the form makes no account: the mailed link makes an attendee with a hashed password, a login session and an audit entry', async () => {
    const email = uniqueEmail('signup')
    const now = new Date('2026-11-23T08:00:00Z')
    await requestSignUp(db, { email, password: 'correct horse', realName: '赵磊', locale: 'en' }, signupEmails, { ipAddress: '10.0.0.1' }, now)
    expect(await db.user.count({ where: { email } })).toBe(0)
    const pending = await db.signupRequest.findFirstOrThrow({ where: { email } })
    expect(pending.passwordHash).not.toContain('correct horse')
    const mail = await db.emailMessage.findFirstOrThrow({ where: { toAddress: email, kind: 'signup_confirmation' } })
    expect(mail).toMatchObject({ locale: 'en', status: 'OUTBOX', userId: null })
    expect(mail.text).not.toContain('赵磊')
    const token = await signupTokenFromOutbox(db, email)
    expect(pending.tokenHash).not.toContain(token)

    const { userId, session } = await confirmSignUp(db, { token }, { ipAddress: '10.0.0.1' }, new Date(now.getTime() + 3600_000))
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user).toMatchObject({ email, role: 'ATTENDEE', realName: '赵磊', locale: 'en' })
    expect(await verify(user.passwordHash, 'correct horse')).toBe(true)
    expect(session.expiresAt.getTime()).toBe(now.getTime() + 3600_000 + 30 * 24 * 3600 * 1000)
    const audit = await db.auditLog.findMany({ where: { userId, type: 'user.signed_up' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]!.ipAddress).toBe('10.0.0.1')
    expect(await db.signupRequest.count({ where: { email } })).toBe(0)
  })

  test('a link works once', async () => {
    const email = uniqueEmail('once')
    await requestSignUp(db, { email, password: 'password-1x', realName: 'A', locale: 'zh-CN' }, signupEmails)
    const token = await signupTokenFromOutbox(db, email)
    await confirmSignUp(db, { token })
    const before = await db.loginSession.count()
    expect(codeOf(await confirmSignUp(db, { token }).catch((e: unknown) => e))).toBe('signup_link_invalid')
    expect(await db.user.count({ where: { email } })).toBe(1)
    expect(await db.loginSession.count()).toBe(before)
  })

  test('a link is dead after 24 hours, and the next sign-up clears it away', async () => {
    const email = uniqueEmail('late')
    const t0 = new Date('2026-11-23T08:00:00Z')
    await requestSignUp(db, { email, password: 'password-1x', realName: 'A', locale: 'zh-CN' }, signupEmails, {}, t0)
    const token = await signupTokenFromOutbox(db, email)
    const dayLater = new Date(t0.getTime() + 24 * 3600_000)
    const error = await confirmSignUp(db, { token }, {}, dayLater).catch((e: unknown) => e)
    expect(codeOf(error)).toBe('signup_link_invalid')
    expect((error as AppError).status).toBe(410)
    expect(await db.user.count({ where: { email } })).toBe(0)
    await requestSignUp(db, { email: uniqueEmail('next'), password: 'password-1x', realName: 'B', locale: 'zh-CN' }, signupEmails, {}, dayLater)
    expect(await db.signupRequest.count({ where: { email } })).toBe(0)
  })

  test.each([
    ['an unknown token', 'A'.repeat(43)],
    ['a malformed token', 'not-a-token'],
    ['an empty token', ''],
  ])('%s is not a link', async (_name, token) => {
    expect(codeOf(await confirmSignUp(db, { token }).catch((e: unknown) => e))).toBe('signup_link_invalid')
  })

  test('two links for one address make one account: the second says the address is taken', async () => {
    const email = uniqueEmail('twice')
    await requestSignUp(db, { email, password: 'password-1x', realName: 'A', locale: 'zh-CN' }, signupEmails)
    const first = await signupTokenFromOutbox(db, email)
    await requestSignUp(db, { email, password: 'password-2x', realName: 'B', locale: 'zh-CN' }, signupEmails)
    const second = await signupTokenFromOutbox(db, email)
    expect(second).not.toBe(first)
    await confirmSignUp(db, { token: second })
    expect(codeOf(await confirmSignUp(db, { token: first }).catch((e: unknown) => e))).toBe('email_taken')
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    expect(user.realName).toBe('B')
    expect(await db.signupRequest.count({ where: { email } })).toBe(0)
  })
})

describe('log-in and log-out', () => {
  test('logs in with the right password and out again, killing the session row', async () => {
    const email = uniqueEmail('login')
    await signUpConfirmed(db, { email, password: 'right-password', realName: '钱伟', locale: 'zh-CN' })
    const { session } = await logIn(db, { email, password: 'right-password' })
    expect(await db.loginSession.findUnique({ where: { id: session.id } })).not.toBeNull()
    await logOut(db, session.id)
    expect(await db.loginSession.findUnique({ where: { id: session.id } })).toBeNull()
  })

  test.each([
    ['a wrong password', 'known', 'wrong-password'],
    ['an unknown email', 'unknown', 'whatever-password'],
  ])('refuses %s with the same error, and audits the failure', async (_name, which, password) => {
    const email = uniqueEmail('refuse')
    if (which === 'known') await signUpConfirmed(db, { email, password: 'right-password', realName: 'X', locale: 'zh-CN' })
    const failuresBefore = await db.auditLog.count({ where: { type: 'user.login_failed' } })
    const error = await logIn(db, { email, password }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('invalid_credentials')
    expect(await db.auditLog.count({ where: { type: 'user.login_failed' } })).toBe(failuresBefore + 1)
  })

  test('logging out an unknown session is harmless', async () => {
    await expect(logOut(db, 'no-such-session')).resolves.toBeUndefined()
    await expect(logOut(db, undefined)).resolves.toBeUndefined()
  })
})

test('profile update stores the credit-reporting fields and audits only field names', async () => {
  const { userId } = await signUpConfirmed(db, { email: uniqueEmail('profile'), password: 'password-x', realName: '孙丽', locale: 'zh-CN' })
  await updateProfile(db, userId, { realName: '孙丽华', institution: '瑞金医院', title: '副主任医师', licenseId: '110310000012345', boardId: null, birthMonth: 2, birthDay: 29 })
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  expect(user).toMatchObject({ realName: '孙丽华', institution: '瑞金医院', licenseId: '110310000012345', birthMonth: 2, birthDay: 29, boardId: null })
  const audit = await db.auditLog.findFirstOrThrow({ where: { userId, type: 'user.profile_updated' } })
  expect(JSON.stringify(audit.data)).not.toContain('110310000012345')
})
