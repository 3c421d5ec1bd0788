import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Retires a question (or brings it back). A retired question is never drawn for a new
 * attempt, fixed or random; attempts that already have it keep it, and it stays in the
 * results and the export. Questions are retired, never deleted, because finished attempts
 * and the national project report refer to them.
 */
export async function setQuestionRetired(db: Db, input: { eventId: string; questionId: string; retired: boolean; now?: Date }, ctx: AuditContext = {}) {
  const { count } = await db.question.updateMany({
    where: { id: input.questionId, eventId: input.eventId },
    data: { retiredAt: input.retired ? (input.now ?? new Date()) : null },
  })
  if (count === 0) throw new AppError('not_found', 'No such question')
  await writeAudit(db, input.retired ? 'question.retired' : 'question.restored', { eventId: input.eventId, questionId: input.questionId }, ctx)
}
