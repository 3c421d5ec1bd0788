import { canModerateForum, type Role } from '~/domain/permissions.ts'
import { liveRoleFor } from '~/domain/live-stage.ts'
import { signLiveToken, type LiveRole, type LiveStatus } from '~/domain/live-token.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

export type LiveUser = { id: string; role: Role; realName: string }

type Standing = {
  eventId: string
  liveStatus: LiveStatus
  eventStatus: string
  assigned: boolean
  /** The stage invitation's `guest` flag; null: not invited. */
  invitationGuest: boolean | null
  registrationStatus: string | null
  programmeSpeaker: boolean
}

/**
 * Everything the live role rests on, in one statement: the forum and its event's status, and
 * this person's moderator assignment, stage invitation, registration and place in the programme.
 * It runs for every player that opens and every live socket that (re)connects, so one round
 * trip instead of five (issue 16: thousands at once as a forum starts).
 */
async function readStanding(db: Db, forumId: string, userId: string): Promise<Standing | null> {
  const rows = await db.$queryRaw<Standing[]>`
    SELECT ${standingColumns(Prisma.sql`${userId}`)}
    FROM "Forum" f JOIN "Event" e ON e.id = f."eventId"
    WHERE f.id = ${forumId}`
  return rows[0] ?? null
}

/** The columns of a Standing for the forum `f` (joined with its event `e`) and the user whose id is `userId` (a value or a column). */
function standingColumns(userId: Prisma.Sql) {
  return Prisma.sql`f."eventId", f."liveStatus"::text AS "liveStatus", e.status::text AS "eventStatus",
      EXISTS (SELECT 1 FROM "ForumModerator" m WHERE m."forumId" = f.id AND m."userId" = ${userId}) AS "assigned",
      (SELECT i.guest FROM "StageInvitation" i WHERE i."forumId" = f.id AND i."userId" = ${userId}) AS "invitationGuest",
      (SELECT r.status::text FROM "Registration" r WHERE r."eventId" = f."eventId" AND r."userId" = ${userId}) AS "registrationStatus",
      EXISTS (
        SELECT 1 FROM "Speaker" sp WHERE sp."userId" = ${userId} AND (
          EXISTS (SELECT 1 FROM "SessionSpeaker" ss JOIN "Session" se ON se.id = ss."sessionId" WHERE ss."speakerId" = sp.id AND se."forumId" = f.id)
          OR EXISTS (SELECT 1 FROM "ForumHost" h WHERE h."speakerId" = sp.id AND h."forumId" = f.id)
        )
      ) AS "programmeSpeaker"`
}

type SessionStanding = Partial<Standing> & {
  /** Null: no forum with this id. */
  forumId: string | null
  /** Null: no log-in session with this id (the rest of the session's columns are null too). */
  userId: string | null
  userRole: Role | null
  realName: string | null
  expiresAt: Date | null
  lastSeenAt: Date | null
}

/**
 * The live page's personal request (GET /api/live/access) in one round trip (issue 16): the
 * log-in session and its user as `getOptionalUser` reads them, and the forum with this person's
 * standing in it. With no such session the user's columns are null; with no such forum, the
 * forum's. The session's limits are checked by the caller (`settleLoginSession`).
 */
export async function findSessionLiveStanding(db: Db, input: { forumId: string; sessionId: string }) {
  const rows = await db.$queryRaw<SessionStanding[]>`
    SELECT s."expiresAt", s."lastSeenAt", u.id AS "userId", u.role::text AS "userRole", u."realName", f.id AS "forumId", ${standingColumns(Prisma.sql`u.id`)}
    FROM (SELECT 1) one
    LEFT JOIN ("LoginSession" s JOIN "User" u ON u.id = s."userId") ON s.id = ${input.sessionId}
    LEFT JOIN ("Forum" f JOIN "Event" e ON e.id = f."eventId") ON f.id = ${input.forumId}`
  const row = rows[0]!
  const session =
    row.userId && row.expiresAt && row.lastSeenAt
      ? { expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt, user: { id: row.userId, role: row.userRole!, realName: row.realName! } satisfies LiveUser }
      : null
  const standing: Standing | null = row.forumId ? (row as Standing) : null
  return { session, standing }
}

/** The live role of a user in a forum from a standing read with `findSessionLiveStanding` (null standing: no such forum, or a draft's). */
export function liveRoleFromStanding(forumId: string, standing: Standing | null, user: LiveUser) {
  if (!standing || standing.eventStatus === 'DRAFT') return { forum: null, role: null, registrationStatus: null }
  return { forum: { id: forumId, eventId: standing.eventId, liveStatus: standing.liveStatus }, role: roleOf(standing, user), registrationStatus: standing.registrationStatus }
}

function roleOf(standing: Standing, user: LiveUser): LiveRole | null {
  // An invitation holds for a guest speaker invited by e-mail, a speaker of the forum's programme,
  // or while the invitee's registration is confirmed.
  const invitedToStage = standing.invitationGuest !== null && (standing.invitationGuest || standing.registrationStatus === 'CONFIRMED' || standing.programmeSpeaker)
  return liveRoleFor({ canModerate: canModerateForum(user, standing.assigned ? [user.id] : []), invitedToStage, registrationStatus: standing.registrationStatus })
}

/**
 * The forum (null: no such forum, or its event is a draft) and as what this user may join its
 * stage (null: not at all), with the registration's status that says why not.
 */
export async function findForumLiveRole(db: Db, input: { forumId: string; user: LiveUser }) {
  return liveRoleFromStanding(input.forumId, await readStanding(db, input.forumId, input.user.id), input.user)
}

/** As what this user may join this forum's stage (null: not at all), and why. */
export async function findLiveRole(db: Db, input: { forumId: string; user: LiveUser }): Promise<{ role: LiveRole | null; registrationStatus: string | null }> {
  const standing = await readStanding(db, input.forumId, input.user.id)
  if (!standing) return { role: null, registrationStatus: null }
  return { role: roleOf(standing, input.user), registrationStatus: standing.registrationStatus }
}

/**
 * Signs a short-lived join token for one forum's live stage: viewer for a confirmed
 * registration, speaker for someone invited on stage, moderator for the forum's
 * moderators and staff. The media server trusts nothing else.
 */
export async function issueLiveToken(db: Db, input: { forumId: string; user: LiveUser }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  const { forum, role } = await findForumLiveRole(db, input)
  if (!forum) throw new AppError('not_found', 'No such forum')
  if (!role) throw new AppError('live_not_registered', 'No confirmed registration for this event')
  return signJoinToken({ forumId: forum.id, liveStatus: forum.liveStatus, user: input.user, role }, options)
}

/** The token for a role already found with `findLiveRole` (getLiveAccess has it: no second look-up). */
export function signJoinToken(input: { forumId: string; liveStatus: LiveStatus; user: LiveUser; role: LiveRole }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000)
  const exp = iat + options.ttlSeconds
  const token = signLiveToken(options.secret, { forumId: input.forumId, userId: input.user.id, role: input.role, name: input.user.realName, status: input.liveStatus, iat, exp })
  return { token, role: input.role, expiresAt: new Date(exp * 1000) }
}
