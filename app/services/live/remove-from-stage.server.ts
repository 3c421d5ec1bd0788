import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Withdraws a stage invitation: their next live token says viewer again, and their open
 * speaker connections end at once (the player comes back as a viewer). Idempotent.
 */
export async function removeFromStage(db: Db, input: { forumId: string; userId: string }, ctx: AuditContext) {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, realName: true } })
  if (!user) throw new AppError('not_found', 'No such account')
  await db.$transaction(async (tx) => {
    const { count } = await tx.stageInvitation.deleteMany({ where: { forumId: input.forumId, userId: input.userId } })
    if (count > 0) await writeAudit(tx, 'forum.stage_removed', { forumId: input.forumId, removedUserId: input.userId }, ctx)
  })
  announceAccessRevoked({ kind: 'forum_role', userId: user.id, forumId: input.forumId, reason: 'stage_removed' })
  return { userId: user.id, name: user.realName }
}
