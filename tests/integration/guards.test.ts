import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { AppError } from '../../app/utils/app-error.ts'
import { commitLoginSession, getOptionalUser, requireForumModerator, requireUser, requireUserWithPermission } from '../../app/utils/auth.server.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'

// The guards read the process-wide client and the cookie secret, as routes do.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
let forumId = ''
const users: Record<string, { id: string; cookie: string }> = {}

async function userWithRole(role: 'ATTENDEE' | 'MODERATOR' | 'STAFF') {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(role.toLowerCase()), password: 'password-123', realName: role, locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role } })
  const setCookie = await commitLoginSession(session.id, session.expiresAt)
  return { id: userId, cookie: setCookie.split(';')[0]! }
}

const request = (cookie?: string, path = '/somewhere?x=1') => new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })

beforeAll(async () => {
  const event = await db.event.create({ data: { slug: `guard-${Date.now()}`, titleZh: '测试', titleEn: 'Test', startsAt: new Date(), endsAt: new Date() } })
  const forum = await db.forum.create({ data: { eventId: event.id, slug: 'main', kind: 'MAIN', titleZh: '主论坛', titleEn: 'Main', startsAt: new Date(), endsAt: new Date() } })
  forumId = forum.id
  users.attendee = await userWithRole('ATTENDEE')
  users.assigned = await userWithRole('MODERATOR')
  users.unassigned = await userWithRole('MODERATOR')
  users.staff = await userWithRole('STAFF')
  await db.forumModerator.create({ data: { forumId, userId: users.assigned!.id } })
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

test('an anonymous visitor is redirected to log in, and comes back afterwards', async () => {
  const thrown = await requireUser(request()).catch((e: unknown) => e)
  expect(thrown).toBeInstanceOf(Response)
  expect((thrown as Response).status).toBe(302)
  expect((thrown as Response).headers.get('location')).toBe('/login?redirectTo=%2Fsomewhere%3Fx%3D1')
})

test('a valid cookie yields the user; an expired session does not', async () => {
  expect((await getOptionalUser(request(users.attendee!.cookie)))?.id).toBe(users.attendee!.id)
  const { session } = await signUpConfirmed(db, { email: uniqueEmail('expired'), password: 'password-123', realName: 'E', locale: 'en' })
  await db.loginSession.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  const cookie = (await commitLoginSession(session.id, new Date(Date.now() + 60_000))).split(';')[0]!
  expect(await getOptionalUser(request(cookie))).toBeNull()
})

test('permissions follow the role', async () => {
  await expect(requireUserWithPermission(request(users.staff!.cookie), 'issue:certificate:any')).resolves.toMatchObject({ id: users.staff!.id })
  const error = await requireUserWithPermission(request(users.attendee!.cookie), 'issue:certificate:any').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).status).toBe(403)
})

describe('forum-level moderator assignment', () => {
  test.each([
    ['the assigned moderator', 'assigned', true],
    ['a moderator of other forums', 'unassigned', false],
    ['staff', 'staff', true],
    ['an attendee', 'attendee', false],
  ])('%s: %s', async (_name, who, allowed) => {
    const result = requireForumModerator(request(users[who]!.cookie), forumId)
    if (allowed) await expect(result).resolves.toMatchObject({ id: users[who]!.id })
    else await expect(result).rejects.toMatchObject({ code: 'forbidden', status: 403 })
  })
})
