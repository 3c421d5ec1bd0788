import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { queueStageInvitationEmail } from '~/services/email/queue-stage-invitation-email.server.ts'

/**
 * Invites someone on a forum's stage, by account id or email. They must be a speaker on
 * this forum's programme with an account, or hold a confirmed registration for the event
 * (an attendee with a raised hand). Inviting twice is a no-op.
 */
export async function inviteToStage(db: Db, input: { forumId: string; userId?: string; email?: string }, ctx: AuditContext) {
  const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { id: true, eventId: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const user = input.userId
    ? await db.user.findUnique({ where: { id: input.userId }, select: { id: true, realName: true } })
    : input.email
      ? await db.user.findUnique({ where: { email: input.email.trim().toLowerCase() }, select: { id: true, realName: true } })
      : null
  if (!user) throw new AppError('live_invitee_unknown', 'No such account')
  const [speaker, registration] = await Promise.all([
    db.speaker.findFirst({
      where: { userId: user.id, OR: [{ sessions: { some: { session: { forumId: forum.id } } } }, { hosting: { some: { forumId: forum.id } } }] },
      select: { id: true },
    }),
    db.registration.findUnique({ where: { eventId_userId: { eventId: forum.eventId, userId: user.id } }, select: { status: true } }),
  ])
  if (!speaker && registration?.status !== 'CONFIRMED') throw new AppError('live_invitee_unknown', 'Not a speaker of this forum and not registered')
  await db.$transaction(async (tx) => {
    const invitation = await tx.stageInvitation.upsert({ where: { forumId_userId: { forumId: forum.id, userId: user.id } }, create: { forumId: forum.id, userId: user.id }, update: {} })
    await writeAudit(tx, 'forum.stage_invited', { forumId: forum.id, invitedUserId: user.id }, ctx)
    // The link reaches a speaker in another city too; inviting again sends no second e-mail.
    await queueStageInvitationEmail(tx, { forumId: forum.id, userId: user.id, invitedAt: invitation.createdAt })
  })
  return { userId: user.id, name: user.realName }
}
