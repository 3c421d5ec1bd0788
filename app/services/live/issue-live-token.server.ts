import { canModerateForum, type Role } from '~/domain/permissions.ts'
import { liveRoleFor } from '~/domain/live-stage.ts'
import { signLiveToken, type LiveRole, type LiveStatus } from '~/domain/live-token.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

export type LiveUser = { id: string; role: Role; realName: string }

/** As what this user may join this forum's stage (null: not at all), and why. */
export async function findLiveRole(db: Db, input: { forumId: string; eventId: string; user: LiveUser }): Promise<{ role: LiveRole | null; registrationStatus: string | null }> {
  const [moderators, invitation, registration] = await Promise.all([
    db.forumModerator.findMany({ where: { forumId: input.forumId }, select: { userId: true } }),
    db.stageInvitation.findUnique({ where: { forumId_userId: { forumId: input.forumId, userId: input.user.id } }, select: { userId: true, guest: true } }),
    db.registration.findUnique({ where: { eventId_userId: { eventId: input.eventId, userId: input.user.id } }, select: { status: true } }),
  ])
  // An invitation holds for a guest speaker invited by e-mail, a speaker of the forum's programme,
  // or while the invitee's registration is confirmed.
  const invitedToStage = !!invitation && (invitation.guest || registration?.status === 'CONFIRMED' || (await isProgrammeSpeaker(db, input.forumId, input.user.id)))
  const role = liveRoleFor({
    canModerate: canModerateForum(
      input.user,
      moderators.map((m) => m.userId),
    ),
    invitedToStage,
    registrationStatus: registration?.status ?? null,
  })
  return { role, registrationStatus: registration?.status ?? null }
}

async function isProgrammeSpeaker(db: Db, forumId: string, userId: string) {
  const speaker = await db.speaker.findFirst({ where: { userId, OR: [{ sessions: { some: { session: { forumId } } } }, { hosting: { some: { forumId } } }] }, select: { id: true } })
  return !!speaker
}

/**
 * Signs a short-lived join token for one forum's live stage: viewer for a confirmed
 * registration, speaker for someone invited on stage, moderator for the forum's
 * moderators and staff. The media server trusts nothing else.
 */
export async function issueLiveToken(db: Db, input: { forumId: string; user: LiveUser }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { id: true, eventId: true, liveStatus: true, event: { select: { status: true } } } })
  if (!forum || forum.event.status === 'DRAFT') throw new AppError('not_found', 'No such forum')
  const { role } = await findLiveRole(db, { forumId: forum.id, eventId: forum.eventId, user: input.user })
  if (!role) throw new AppError('live_not_registered', 'No confirmed registration for this event')
  return signJoinToken({ forumId: forum.id, liveStatus: forum.liveStatus, user: input.user, role }, options)
}

/**
 * The token for a role already found with `findLiveRole` (the live page's loader has it from
 * `getLiveStage`, so 5,000 attendees opening the page do not ask the database twice).
 */
export function signJoinToken(input: { forumId: string; liveStatus: LiveStatus; user: LiveUser; role: LiveRole }, options: { secret: string; ttlSeconds: number; now?: Date }) {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000)
  const exp = iat + options.ttlSeconds
  const token = signLiveToken(options.secret, { forumId: input.forumId, userId: input.user.id, role: input.role, name: input.user.realName, status: input.liveStatus, iat, exp })
  return { token, role: input.role, expiresAt: new Date(exp * 1000) }
}
