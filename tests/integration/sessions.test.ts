import { hash, verify } from '@node-rs/argon2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { changePassword } from '../../app/services/accounts/change-password.server.ts'
import { changeUserRole } from '../../app/services/accounts/change-user-role.server.ts'
import { createAdmin } from '../../app/services/accounts/create-admin.server.ts'
import { createLoginSession } from '../../app/services/accounts/create-login-session.server.ts'
import { endMySession } from '../../app/services/accounts/end-my-session.server.ts'
import { endOtherSessions } from '../../app/services/accounts/end-other-sessions.server.ts'
import { listMySessions } from '../../app/services/accounts/list-my-sessions.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { commitLoginSession, eventSlugOfPath, getOptionalUser, registrationReadWithSession, userSelect } from '../../app/utils/auth.server.ts'
import { runInRequestScope } from '../../app/utils/request-scope.server.ts'
import { createEvent, createTicketType, removeEvent } from '../helpers/fixtures.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'

// The guard and the profile route read the process-wide client and the cookie secret, as routes do.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
const MIN = 60_000
const DAY = 24 * 3600_000
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const PASSWORD = 'old-password-for-tests-1'
let passwordHash = ''

beforeAll(async () => {
  passwordHash = await hash(PASSWORD)
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

async function createUser(label: string, role: 'ATTENDEE' | 'STAFF' = 'ATTENDEE') {
  return db.user.create({ data: { email: uniqueEmail(label), passwordHash, realName: label, role }, select: { id: true, email: true } })
}

async function signIn(userId: string, opts: { at?: Date; userAgent?: string; ip?: string } = {}) {
  const session = await createLoginSession(db, { userId }, { userAgent: opts.userAgent ?? CHROME_WINDOWS, ipAddress: opts.ip ?? '203.0.113.7' }, opts.at ?? new Date())
  const cookie = (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]!
  return { id: session.id, cookie }
}

const request = (cookie: string, init: RequestInit = {}, path = '/profile') => new Request(`http://localhost${path}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } })

describe('a new login session', () => {
  test('records the device, trimmed, and ends 30 days after log-in at the latest', async () => {
    const user = await createUser('meta')
    const now = new Date()
    const session = await createLoginSession(db, { userId: user.id }, { userAgent: `  ${CHROME_WINDOWS}\r\n `, ipAddress: '198.51.100.4' }, now)
    const row = await db.loginSession.findUniqueOrThrow({ where: { id: session.id } })
    expect(row).toMatchObject({ userAgent: CHROME_WINDOWS, ip: '198.51.100.4' })
    expect(row.lastSeenAt.getTime()).toBe(now.getTime())
    expect(row.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY)
  })

  test("rotates: the browser's previous session row goes, and so do the user's timed-out sessions", async () => {
    const user = await createUser('rotate')
    const other = await createUser('rotate-other')
    const now = new Date()
    const previous = await signIn(other.id)
    const idle = await signIn(user.id, { at: new Date(now.getTime() - 8 * DAY) })
    const live = await signIn(user.id)
    const next = await createLoginSession(db, { userId: user.id, previousSessionId: previous.id }, {}, now)
    const ids = (await db.loginSession.findMany({ where: { id: { in: [previous.id, idle.id, live.id, next.id] } }, select: { id: true } })).map((r) => r.id)
    expect(ids.sort()).toEqual([live.id, next.id].sort())
  })
})

describe('the guard enforces the timeouts', () => {
  test('a session unused for 7 days is over, and its row is deleted', async () => {
    const user = await createUser('idle')
    const { id, cookie } = await signIn(user.id)
    await db.loginSession.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 7 * DAY - MIN) } })
    expect(await getOptionalUser(request(cookie))).toBeNull()
    expect(await db.loginSession.findUnique({ where: { id } })).toBeNull()
  })

  test('a session used a little under 7 days ago still works, and counts as used now', async () => {
    const user = await createUser('almost-idle')
    const { id, cookie } = await signIn(user.id)
    await db.loginSession.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 7 * DAY + 10 * MIN) } })
    const now = new Date()
    expect((await getOptionalUser(request(cookie), now))?.id).toBe(user.id)
    expect((await db.loginSession.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBe(now.getTime())
  })

  test('a session in daily use ends 30 days after log-in (absolute limit)', async () => {
    const user = await createUser('absolute')
    const loggedInAt = new Date(Date.now() - 30 * DAY - MIN)
    const { id, cookie } = await signIn(user.id, { at: loggedInAt })
    await db.loginSession.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - MIN) } })
    expect(await getOptionalUser(request(cookie))).toBeNull()
    expect(await db.loginSession.findUnique({ where: { id } })).toBeNull()
  })

  test('lastSeenAt is written at most every few minutes, not on every request', async () => {
    const user = await createUser('touch')
    const { id, cookie } = await signIn(user.id)
    const recent = new Date(Date.now() - MIN)
    await db.loginSession.update({ where: { id }, data: { lastSeenAt: recent } })
    await getOptionalUser(request(cookie))
    expect((await db.loginSession.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBe(recent.getTime())
    await db.loginSession.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 6 * MIN) } })
    const now = new Date()
    await getOptionalUser(request(cookie), now)
    expect((await db.loginSession.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBe(now.getTime())
  })
})

describe('the session list', () => {
  test('shows live sessions only, this device first, with a device summary and the IP', async () => {
    const user = await createUser('list')
    const stranger = await createUser('list-stranger')
    const now = new Date()
    const phone = await signIn(user.id, { userAgent: SAFARI_IPHONE, ip: '198.51.100.9', at: new Date(now.getTime() - 2 * DAY) })
    await db.loginSession.update({ where: { id: phone.id }, data: { lastSeenAt: new Date(now.getTime() - 3 * 3600_000) } })
    const desk = await signIn(user.id, { at: new Date(now.getTime() - DAY) })
    const idle = await signIn(user.id, { at: new Date(now.getTime() - 10 * DAY) })
    await db.loginSession.update({ where: { id: idle.id }, data: { lastSeenAt: new Date(now.getTime() - 8 * DAY) } })
    await signIn(stranger.id)
    const list = await listMySessions(db, user.id, desk.id, now)
    expect(list.map((s) => s.id)).toEqual([desk.id, phone.id])
    expect(list[0]).toMatchObject({ current: true, device: { browser: 'Chrome', os: 'Windows' }, ip: '203.0.113.7' })
    expect(list[1]).toMatchObject({ current: false, device: { browser: 'Safari', os: 'iOS' }, ip: '198.51.100.9' })
  })

  test('"log out everywhere else" keeps this session and ends the others, and no one else\'s', async () => {
    const user = await createUser('others')
    const stranger = await createUser('others-stranger')
    const here = await signIn(user.id)
    const there = await signIn(user.id, { userAgent: SAFARI_IPHONE })
    const elsewhere = await signIn(user.id)
    const strangers = await signIn(stranger.id)
    expect(await endOtherSessions(db, user.id, here.id)).toBe(2)
    expect(await getOptionalUser(request(here.cookie))).not.toBeNull()
    expect(await getOptionalUser(request(there.cookie))).toBeNull()
    expect(await getOptionalUser(request(elsewhere.cookie))).toBeNull()
    expect(await getOptionalUser(request(strangers.cookie))).not.toBeNull()
    expect(await db.auditLog.count({ where: { userId: user.id, type: 'user.other_sessions_ended' } })).toBe(1)
  })

  test("one session can be logged out from the list, but not someone else's", async () => {
    const user = await createUser('one')
    const stranger = await createUser('one-stranger')
    const phone = await signIn(user.id, { userAgent: SAFARI_IPHONE })
    const strangers = await signIn(stranger.id)
    expect(await endMySession(db, user.id, strangers.id)).toBe(false)
    expect(await db.loginSession.findUnique({ where: { id: strangers.id } })).not.toBeNull()
    expect(await endMySession(db, user.id, phone.id)).toBe(true)
    expect(await db.loginSession.findUnique({ where: { id: phone.id } })).toBeNull()
  })

  test('the profile page lists the sessions and its button logs out everywhere else', async () => {
    const { action, loader } = await import('../../app/routes/profile.tsx')
    const user = await createUser('route')
    const here = await signIn(user.id)
    const there = await signIn(user.id, { userAgent: SAFARI_IPHONE })
    const page = (await loader({ request: request(here.cookie), params: {}, context: {} })) as { sessions: { id: string; current: boolean }[] }
    expect(page.sessions.map((s) => [s.id, s.current])).toEqual([
      [here.id, true],
      [there.id, false],
    ])
    const body = new URLSearchParams({ intent: 'end-other-sessions' })
    const res = await action({ request: request(here.cookie, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), params: {}, context: {} })
    expect(res).toMatchObject({ section: 'sessions', ok: true, ended: 1 })
    expect(await db.loginSession.findUnique({ where: { id: there.id } })).toBeNull()
    expect(await db.loginSession.findUnique({ where: { id: here.id } })).not.toBeNull()
  })
})

describe('password change', () => {
  test('needs the current password, and then ends every other session', async () => {
    const user = await createUser('change')
    const here = await signIn(user.id)
    const there = await signIn(user.id, { userAgent: SAFARI_IPHONE })
    const wrong = await changePassword(db, { userId: user.id, sessionId: here.id, currentPassword: 'not-the-password', newPassword: 'a-new-passphrase-42' }).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(AppError)
    expect((wrong as AppError).code).toBe('wrong_password')
    expect(await db.loginSession.count({ where: { userId: user.id } })).toBe(2)

    const result = await changePassword(db, { userId: user.id, sessionId: here.id, currentPassword: PASSWORD, newPassword: 'a-new-passphrase-42' })
    expect(result.otherSessionsEnded).toBe(1)
    expect(await getOptionalUser(request(here.cookie))).not.toBeNull()
    expect(await getOptionalUser(request(there.cookie))).toBeNull()
    const { passwordHash: stored } = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(await verify(stored, 'a-new-passphrase-42')).toBe(true)
    expect(await verify(stored, PASSWORD)).toBe(false)
  })

  test('refuses a new password from the common list and changes nothing', async () => {
    const user = await createUser('common')
    const here = await signIn(user.id)
    const other = await signIn(user.id)
    const error = await changePassword(db, { userId: user.id, sessionId: here.id, currentPassword: PASSWORD, newPassword: '1234567890' }).catch((e: unknown) => e)
    expect((error as AppError).code).toBe('validation_failed')
    expect(await db.loginSession.findUnique({ where: { id: other.id } })).not.toBeNull()
    expect(await verify((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, PASSWORD)).toBe(true)
  })

  test('through the profile form, a wrong current password is shown on its field', async () => {
    const { action } = await import('../../app/routes/profile.tsx')
    const user = await createUser('change-route')
    const here = await signIn(user.id)
    const body = new URLSearchParams({ intent: 'change-password', currentPassword: 'nope-nope-nope', newPassword: 'another-passphrase-77' })
    const res = (await action({ request: request(here.cookie, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), params: {}, context: {} })) as unknown as {
      init: { status: number }
      data: { section: string; errors: Record<string, string> }
    }
    expect(res.init.status).toBe(422)
    expect(res.data).toMatchObject({ section: 'password', errors: { currentPassword: 'errors.wrong_password' } })
  })
})

describe('a privilege change ends the sessions', () => {
  test('changing the role ends every session of the user; the same role changes nothing', async () => {
    const user = await createUser('role')
    const a = await signIn(user.id)
    expect(await changeUserRole(db, user.id, 'ATTENDEE')).toBe(false)
    expect(await db.loginSession.findUnique({ where: { id: a.id } })).not.toBeNull()
    expect(await changeUserRole(db, user.id, 'STAFF')).toBe(true)
    expect(await getOptionalUser(request(a.cookie))).toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('STAFF')
    const audit = await db.auditLog.findFirstOrThrow({ where: { userId: user.id, type: 'user.role_changed' } })
    expect(audit.data).toMatchObject({ from: 'ATTENDEE', to: 'STAFF', sessionsEnded: 1 })
  })

  test('promoting an account to administrator ends its sessions but keeps its password', async () => {
    const user = await createUser('promote', 'STAFF')
    const a = await signIn(user.id)
    const result = await createAdmin(db, { email: user.email })
    expect(result).toMatchObject({ userId: user.id, created: false, promoted: true })
    expect(await getOptionalUser(request(a.cookie))).toBeNull()
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.role).toBe('ADMIN')
    expect(await verify(row.passwordHash, PASSWORD)).toBe(true)
  })
})

describe("an event's pages read the visitor's registration with the session (issue 16)", () => {
  test.each([
    ['/events/congress-2026', 'congress-2026'],
    ['/events/congress-2026/', 'congress-2026'],
    ['/events/congress-2026/forums/main/live', 'congress-2026'],
    ['/events/congress-2026.data', 'congress-2026'],
    ['/events', null],
    ['/events/', null],
    ['/events/Congress', null],
    ['/events/congress-2026x.json', null],
    ['/staff/events/congress-2026', null],
  ])('%s → %s', (path, slug) => {
    expect(eventSlugOfPath(path)).toBe(slug)
  })

  test('under /events/<slug>: the same user as elsewhere, with their registration for that event, one statement; nothing for another event', async () => {
    const event = await createEvent(db)
    const other = await createEvent(db)
    try {
      const ticket = await createTicketType(db, event.id)
      const user = await db.user.create({
        data: { email: uniqueEmail('with-registration'), passwordHash, realName: '王医生', role: 'SPEAKER', locale: 'en', institution: '瑞金医院', title: '主任医师', birthMonth: 3, birthDay: 9 },
        select: { id: true },
      })
      const registration = await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: ticket.id, status: 'CONFIRMED' }, select: { id: true } })
      const { cookie } = await signIn(user.id)
      // The statement's user is the user as Prisma reads it with userSelect, on an event's page or elsewhere.
      const asPrisma = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: userSelect })
      const elsewhere = await getOptionalUser(request(cookie))
      const onEvent = await getOptionalUser(request(cookie, {}, `/events/${event.slug}`))
      expect(elsewhere).toEqual(asPrisma)
      expect(onEvent).toEqual(asPrisma)
      expect(onEvent).toMatchObject({ id: user.id, role: 'SPEAKER', locale: 'en', institution: '瑞金医院', birthMonth: 3, birthDay: 9 })
      // In a GET's request scope the page's loader takes the registration the look-up read.
      const read = (path: string, slug: string) => runInRequestScope({ document: true, readOnly: true }, () => registrationReadWithSession(request(cookie, {}, path), slug))
      expect(await read(`/events/${event.slug}`, event.slug)).toEqual({ id: registration.id, status: 'CONFIRMED' })
      expect(await read(`/events/${other.slug}/forums/main`, other.slug)).toBeNull()
      // Not read for this slug (another event's path, or no event in the path): the caller asks itself.
      expect(await read(`/events/${other.slug}`, event.slug)).toBeUndefined()
      expect(await read('/profile', event.slug)).toBeUndefined()
    } finally {
      await removeEvent(db, event.id)
      await removeEvent(db, other.id)
    }
  })
})
