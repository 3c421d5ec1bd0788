import { canUpvote } from '~/domain/live-interaction.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadQuestion } from './get-live-interaction.server.ts'

/**
 * Up-votes a public question (or takes the vote back). One vote per person: the vote row's
 * key makes a repeat a no-op, and the count moves in the same transaction as the row.
 */
export async function upvoteLiveQuestion(db: Db, input: { forumId: string; questionId: string; userId: string; up: boolean }) {
  const question = await db.liveQuestion.findFirst({ where: { id: input.questionId, forumId: input.forumId }, select: { status: true, userId: true } })
  if (!question) throw new AppError('not_found', 'No such question')
  if (!canUpvote(question, input.userId)) throw new AppError('live_question_closed', 'Not open for votes')
  await db.$transaction(async (tx) => {
    const key = { questionId: input.questionId, userId: input.userId }
    if (input.up) {
      const { count } = await tx.liveQuestionVote.createMany({ data: [key], skipDuplicates: true })
      if (count) await tx.liveQuestion.update({ where: { id: input.questionId }, data: { votes: { increment: 1 } } })
    } else {
      const { count } = await tx.liveQuestionVote.deleteMany({ where: key })
      if (count) await tx.liveQuestion.update({ where: { id: input.questionId }, data: { votes: { decrement: 1 } } })
    }
  })
  return (await loadQuestion(db, input.questionId))!
}
