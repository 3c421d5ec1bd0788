import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { queueStageInvitationEmail } from '~/services/email/queue-stage-invitation-email.server.ts'
import { createInvitedAccount, unusablePasswordHash } from '~/services/accounts/create-invited-account.server.ts'

/**
 * Invites someone on a forum's stage, by account id or email. They must be a speaker on
 * this forum's programme with an account, or hold a confirmed registration for the event
 * (an attendee with a raised hand). A guest speaker invited by an e-mail address that has no
 * account, with their name, gets an account and a mail whose first link sets its password
 * (issue 15); the moderator's invitation vouches for them. Inviting twice is a no-op.
 */
export async function inviteToStage(db: Db, input: { forumId: string; userId?: string; email?: string; name?: string }, ctx: AuditContext, now = new Date()) {
  const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { id: true, eventId: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const email = input.email?.trim().toLowerCase()
  const user = input.userId
    ? await db.user.findUnique({ where: { id: input.userId }, select: { id: true, realName: true } })
    : email
      ? await db.user.findUnique({ where: { email }, select: { id: true, realName: true } })
      : null
  if (!user) {
    if (!email) throw new AppError('live_invitee_unknown', 'No such account')
    const name = input.name?.trim()
    if (!name) throw new AppError('live_invitee_needs_name', 'No account with this address: give the speaker’s name to invite them', { fields: { name: 'validation.required' } })
    return inviteNewSpeaker(db, { forumId: forum.id, email, name }, ctx, now)
  }
  const [existing, speaker, registration] = await Promise.all([
    db.stageInvitation.findUnique({ where: { forumId_userId: { forumId: forum.id, userId: user.id } }, select: { guest: true } }),
    db.speaker.findFirst({
      where: { userId: user.id, OR: [{ sessions: { some: { session: { forumId: forum.id } } } }, { hosting: { some: { forumId: forum.id } } }] },
      select: { id: true },
    }),
    db.registration.findUnique({ where: { eventId_userId: { eventId: forum.eventId, userId: user.id } }, select: { status: true } }),
  ])
  // Already invited (a guest speaker's invitation included): inviting again changes nothing.
  if (!existing && !speaker && registration?.status !== 'CONFIRMED') throw new AppError('live_invitee_unknown', 'Not a speaker of this forum and not registered')
  await db.$transaction(async (tx) => {
    const invitation = await tx.stageInvitation.upsert({ where: { forumId_userId: { forumId: forum.id, userId: user.id } }, create: { forumId: forum.id, userId: user.id }, update: {} })
    await writeAudit(tx, 'forum.stage_invited', { forumId: forum.id, invitedUserId: user.id }, ctx)
    // The link reaches a speaker in another city too; inviting again sends no second e-mail.
    await queueStageInvitationEmail(tx, { forumId: forum.id, userId: user.id, invitedAt: invitation.createdAt })
  })
  return { userId: user.id, name: user.realName, accountCreated: false }
}

async function inviteNewSpeaker(db: Db, input: { forumId: string; email: string; name: string }, ctx: AuditContext, now: Date) {
  const passwordHash = await unusablePasswordHash()
  return db.$transaction(async (tx) => {
    const account = await createInvitedAccount(tx, { email: input.email, realName: input.name, passwordHash, now })
    const invitation = await tx.stageInvitation.create({ data: { forumId: input.forumId, userId: account.userId, guest: true } })
    await writeAudit(tx, 'user.invited_account_created', { forumId: input.forumId }, { ...ctx, userId: account.userId })
    await writeAudit(tx, 'forum.stage_invited', { forumId: input.forumId, invitedUserId: account.userId, accountCreated: true }, ctx)
    await queueStageInvitationEmail(tx, { forumId: input.forumId, userId: account.userId, invitedAt: invitation.createdAt, setPasswordToken: account.token })
    return { userId: account.userId, name: account.realName, accountCreated: true }
  })
}
