import { redirect } from '@remix-run/node'
import { sessionState, shouldTouch } from '~/domain/login-session.ts'
import { canModerateForum, hasPermission, type Permission } from '~/domain/permissions.ts'
import type { Prisma, RegistrationStatus } from '~/generated/prisma/client.ts'
import { AppError } from './app-error.ts'
import { getDb, type Db } from './db.server.ts'
import { requestScope } from './request-scope.server.ts'
import { authSessionStorage } from './session.server.ts'

/** Guards are called first in loaders and actions (house style). */

export const userSelect = {
  id: true,
  email: true,
  role: true,
  locale: true,
  realName: true,
  institution: true,
  title: true,
  licenseId: true,
  boardId: true,
  birthMonth: true,
  birthDay: true,
} as const

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getOptionalUser>>>

export async function getLoginSessionId(request: Request): Promise<string | undefined> {
  const session = await authSessionStorage().getSession(request.headers.get('Cookie'))
  const id = session.get('sessionId')
  return typeof id === 'string' ? id : undefined
}

/** The signed-in user, or null. */
export async function getOptionalUser(request: Request, now?: Date) {
  return (await getOptionalUserSession(request, now))?.user ?? null
}

type FoundUserSession = Awaited<ReturnType<typeof lookUpUserSession>>
const USER_SESSION = 'userSession'

/**
 * The signed-in user and the id of the session the request came with (the profile's "this
 * device"), or null. Runs on every signed-in page, so the usual path is one read by primary
 * key, shared by the loaders of one GET (an action may change the user, so other methods ask
 * each time); `lastSeenAt` is written at most every few minutes (TOUCH_INTERVAL_MS), and only
 * by the request that finds it stale. A session past its idle or absolute limit
 * (app/domain/login-session.ts) is deleted on sight.
 */
export function getOptionalUserSession(request: Request, now?: Date): Promise<FoundUserSession> {
  // One look-up per GET: the root loader and the page's loader share the request's scope.
  const scope = requestScope()
  if (now || !scope?.readOnly) return lookUpUserSession(request, now ?? new Date())
  let found = scope.memo.get(USER_SESSION) as Promise<FoundUserSession> | undefined
  if (!found) {
    found = lookUpUserSession(request, new Date())
    scope.memo.set(USER_SESSION, found)
    // A failed look-up is not kept: the next loader asks again.
    found.catch(() => scope.memo.delete(USER_SESSION))
  }
  return found
}

/** The visitor's registration for the event a request's path names, read with the session. */
export type PathEventRegistration = { slug: string; registration: { id: string; status: RegistrationStatus } | null }

/** `/events/<slug>`, any page under it, or its `.data` request: the event whose registration the session look-up also reads. */
export function eventSlugOfPath(pathname: string): string | null {
  return /^\/events\/([a-z0-9-]{1,120})(?:\/|\.data$|$)/.exec(pathname)?.[1] ?? null
}

/** What the look-up's statement returns: the user as Prisma reads it with `userSelect`, and the rest. */
type SessionRow = Prisma.UserGetPayload<{ select: typeof userSelect }> & {
  expiresAt: Date
  lastSeenAt: Date
  registrationId: string | null
  registrationStatus: RegistrationStatus | null
}

/**
 * One statement: the session, its user (the columns of `userSelect`) and, on an event's pages
 * (`/events/<slug>`), the visitor's registration for that event, which those pages show (issue
 * 16: a signed-in event page costs little more than the bare route).
 */
async function lookUpUserSession(request: Request, now: Date) {
  const sessionId = await getLoginSessionId(request)
  if (!sessionId) return null
  const db = getDb()
  const slug = eventSlugOfPath(new URL(request.url).pathname)
  const rows = await db.$queryRaw<SessionRow[]>`
    SELECT s."expiresAt", s."lastSeenAt", u.id, u.email, u.role::text AS role, u.locale::text AS locale, u."realName",
      u.institution, u.title, u."licenseId", u."boardId", u."birthMonth", u."birthDay",
      r.id AS "registrationId", r.status::text AS "registrationStatus"
    FROM "LoginSession" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "Event" e ON e.slug = ${slug}
    LEFT JOIN "Registration" r ON r."eventId" = e.id AND r."userId" = u.id
    WHERE s.id = ${sessionId}`
  const row = rows[0]
  if (!row || !(await settleLoginSession(db, sessionId, row, now))) return null
  const { expiresAt: _e, lastSeenAt: _l, registrationId, registrationStatus, ...user } = row
  const registration = registrationId && registrationStatus ? { id: registrationId, status: registrationStatus } : null
  const eventRegistration: PathEventRegistration | null = slug ? { slug, registration } : null
  return { user, sessionId, eventRegistration }
}

/**
 * This visitor's registration for the event `slug`, when the request's session look-up read it
 * (a GET under `/events/<slug>`); undefined when it did not, and the caller reads it itself.
 */
export async function registrationReadWithSession(request: Request, slug: string): Promise<PathEventRegistration['registration'] | undefined> {
  const found = await getOptionalUserSession(request)
  return found?.eventRegistration?.slug === slug ? found.eventRegistration.registration : undefined
}

/**
 * Whether a log-in session just read is still good at `now`. One past its idle or absolute
 * limit (app/domain/login-session.ts) is deleted on sight; a good one records this activity
 * when its `lastSeenAt` is stale (at most every few minutes). For a request that reads the
 * session in a statement of its own (GET /api/live/access).
 */
export async function settleLoginSession(db: Db, sessionId: string, times: { expiresAt: Date; lastSeenAt: Date }, now: Date): Promise<boolean> {
  if (sessionState(times, now) !== 'active') {
    await db.loginSession.deleteMany({ where: { id: sessionId } })
    return false
  }
  if (shouldTouch(times.lastSeenAt, now)) {
    // Conditional, so a burst of parallel requests writes the row once.
    await db.loginSession.updateMany({ where: { id: sessionId, lastSeenAt: times.lastSeenAt }, data: { lastSeenAt: now } })
  }
  return true
}

function loginRedirect(request: Request) {
  const url = new URL(request.url)
  const back = `${url.pathname}${url.search}`
  return redirect(`/login?${new URLSearchParams({ redirectTo: back })}`)
}

export async function requireUser(request: Request) {
  const user = await getOptionalUser(request)
  if (!user) throw loginRedirect(request)
  return user
}

/** requireUserWithPermission, plus the id of this browser's session (for "log out everywhere else"). */
export async function requireUserSession(request: Request, permission: Permission) {
  const found = await getOptionalUserSession(request)
  if (!found) throw loginRedirect(request)
  if (!hasPermission(found.user.role, permission)) throw new AppError('forbidden', `Missing permission ${permission}`)
  return found
}

export async function requireAnonymous(request: Request) {
  if (await getOptionalUser(request)) throw redirect('/events')
}

export async function requireUserWithPermission(request: Request, permission: Permission) {
  const user = await requireUser(request)
  if (!hasPermission(user.role, permission)) {
    throw new AppError('forbidden', `Missing permission ${permission}`)
  }
  return user
}

export async function requireForumModerator(request: Request, forumId: string) {
  const user = await requireUser(request)
  const assigned = await getDb().forumModerator.findMany({ where: { forumId }, select: { userId: true } })
  if (
    !canModerateForum(
      user,
      assigned.map((a) => a.userId),
    )
  ) {
    throw new AppError('forbidden', 'Not a moderator of this forum')
  }
  return user
}

/** Venue check-in: staff for any venue, the venue's coordinator for their own. */
export async function requireVenueCoordinator(request: Request, venueId: string) {
  const user = await requireUser(request)
  if (hasPermission(user.role, 'checkin:venue:any')) return user
  const venue = await getDb().venue.findUnique({ where: { id: venueId }, select: { coordinatorId: true } })
  if (!venue) throw new AppError('not_found', 'No such venue')
  if (venue.coordinatorId !== user.id) throw new AppError('forbidden', 'Not the coordinator of this venue')
  return user
}

/** Sets the cookie for a new LoginSession row. */
export async function commitLoginSession(sessionId: string, expiresAt: Date) {
  const storage = authSessionStorage()
  const session = await storage.getSession()
  session.set('sessionId', sessionId)
  return storage.commitSession(session, { expires: expiresAt })
}

export async function destroyLoginCookie(request: Request) {
  const storage = authSessionStorage()
  return storage.destroySession(await storage.getSession(request.headers.get('Cookie')))
}
