import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Withdraws a stage invitation: their next live token says viewer again. Idempotent. */
export async function removeFromStage(db: Db, input: { forumId: string; userId: string }, ctx: AuditContext) {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, realName: true } })
  if (!user) throw new AppError('not_found', 'No such account')
  await db.$transaction(async (tx) => {
    const { count } = await tx.stageInvitation.deleteMany({ where: { forumId: input.forumId, userId: input.userId } })
    if (count > 0) await writeAudit(tx, 'forum.stage_removed', { forumId: input.forumId, removedUserId: input.userId }, ctx)
  })
  return { userId: user.id, name: user.realName }
}
