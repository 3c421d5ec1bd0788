import { applyQuestionAction, type QuestionAction } from '~/domain/live-interaction.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadQuestion } from './get-live-interaction.server.ts'

/**
 * A moderator approves, hides, pins or marks a question answered; hiding is audited. Says
 * whether the question was public before, so the audience can be told it is gone.
 */
export async function moderateLiveQuestion(db: Db, input: { forumId: string; questionId: string; action: QuestionAction }, ctx: AuditContext) {
  const question = await db.liveQuestion.findFirst({ where: { id: input.questionId, forumId: input.forumId }, select: { status: true, answered: true, pinned: true } })
  if (!question) throw new AppError('not_found', 'No such question')
  const next = applyQuestionAction(question, input.action)
  await db.$transaction(async (tx) => {
    await tx.liveQuestion.update({ where: { id: input.questionId }, data: next })
    if (input.action === 'hide') await writeAudit(tx, 'live.question_hidden', { forumId: input.forumId, questionId: input.questionId }, ctx)
  })
  return { question: (await loadQuestion(db, input.questionId))!, wasPublic: question.status === 'APPROVED' }
}
