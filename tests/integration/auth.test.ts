import { verify } from '@node-rs/argon2'
import { afterAll, describe, expect, test } from 'vitest'
import { logIn } from '../../app/services/accounts/log-in.server.ts'
import { logOut } from '../../app/services/accounts/log-out.server.ts'
import { signUp } from '../../app/services/accounts/sign-up.server.ts'
import { updateProfile } from '../../app/services/accounts/update-profile.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { testDb, uniqueEmail } from '../helpers/db.ts'

const db = testDb()
afterAll(() => db.$disconnect())

describe('sign-up', () => {
  test('creates an attendee with a hashed password, a login session and an audit entry', async () => {
    const email = uniqueEmail('signup')
    const now = new Date('2026-11-23T08:00:00Z')
    const { userId, session } = await signUp(db, { email, password: 'correct horse', realName: '赵磊', locale: 'en' }, { ipAddress: '10.0.0.1' }, now)
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user).toMatchObject({ email, role: 'ATTENDEE', realName: '赵磊', locale: 'en' })
    expect(user.passwordHash).not.toContain('correct horse')
    expect(await verify(user.passwordHash, 'correct horse')).toBe(true)
    expect(session.expiresAt.getTime()).toBe(now.getTime() + 30 * 24 * 3600 * 1000)
    const audit = await db.auditLog.findMany({ where: { userId, type: 'user.signed_up' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]!.ipAddress).toBe('10.0.0.1')
  })

  test('refuses a second account with the same email and writes nothing', async () => {
    const email = uniqueEmail('dup')
    await signUp(db, { email, password: 'password-1', realName: 'A', locale: 'zh-CN' })
    const before = await db.loginSession.count()
    const error = await signUp(db, { email, password: 'password-2', realName: 'B', locale: 'zh-CN' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('email_taken')
    expect((error as AppError).status).toBe(409)
    expect(await db.user.count({ where: { email } })).toBe(1)
    expect(await db.loginSession.count()).toBe(before)
  })
})

describe('log-in and log-out', () => {
  test('logs in with the right password and out again, killing the session row', async () => {
    const email = uniqueEmail('login')
    await signUp(db, { email, password: 'right-password', realName: '钱伟', locale: 'zh-CN' })
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
    if (which === 'known') await signUp(db, { email, password: 'right-password', realName: 'X', locale: 'zh-CN' })
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
  const { userId } = await signUp(db, { email: uniqueEmail('profile'), password: 'password-x', realName: '孙丽', locale: 'zh-CN' })
  await updateProfile(db, userId, { realName: '孙丽华', institution: '瑞金医院', title: '副主任医师', licenseId: '110310000012345', boardId: null, birthMonth: 2, birthDay: 29 })
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  expect(user).toMatchObject({ realName: '孙丽华', institution: '瑞金医院', licenseId: '110310000012345', birthMonth: 2, birthDay: 29, boardId: null })
  const audit = await db.auditLog.findFirstOrThrow({ where: { userId, type: 'user.profile_updated' } })
  expect(JSON.stringify(audit.data)).not.toContain('110310000012345')
})
