import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Staff publish or withdraw a forum's replay (audited). Publishing keeps the first publication time. */
export async function publishReplay(db: Db, input: { forumId: string; replayId: string; published: boolean }, ctx: AuditContext, now = new Date()) {
  return db.$transaction(async (tx) => {
    const replay = await tx.replay.findFirst({ where: { id: input.replayId, forumId: input.forumId } })
    if (!replay) throw new AppError('not_found', 'No such replay')
    const updated = await tx.replay.update({
      where: { id: replay.id },
      data: { published: input.published, ...(input.published && !replay.publishedAt ? { publishedAt: now } : {}) },
    })
    await writeAudit(tx, input.published ? 'replay.publish' : 'replay.unpublish', { forumId: input.forumId, replayId: replay.id }, ctx)
    return updated
  })
}
