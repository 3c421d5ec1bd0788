import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** When a published replay may be watched: from / until (either open), audited. The end must be after the start. */
export async function setReplayWindow(db: Db, input: { forumId: string; replayId: string; availableFrom: Date | null; availableUntil: Date | null }, ctx: AuditContext) {
  if (input.availableFrom && input.availableUntil && input.availableUntil <= input.availableFrom)
    throw new AppError('validation_failed', 'The window must end after it starts', { fields: { availableUntil: 'replay.staff.windowOrder' } })
  return db.$transaction(async (tx) => {
    const replay = await tx.replay.findFirst({ where: { id: input.replayId, forumId: input.forumId }, select: { id: true } })
    if (!replay) throw new AppError('not_found', 'No such replay')
    const updated = await tx.replay.update({ where: { id: replay.id }, data: { availableFrom: input.availableFrom, availableUntil: input.availableUntil } })
    await writeAudit(
      tx,
      'replay.window',
      { forumId: input.forumId, replayId: replay.id, availableFrom: input.availableFrom?.toISOString() ?? null, availableUntil: input.availableUntil?.toISOString() ?? null },
      ctx,
    )
    return updated
  })
}
