import { isPastDeadline, remainingMs, toStoredResponse } from '~/domain/exam.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import type { Question } from '~/domain/question.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { autoSubmitIfExpired } from './submit-exam-attempt.server.ts'

export type SaveAnswerInput = { attemptId: string; userId: string; position: number; response: QuestionResponse; now?: Date }

/**
 * Saves one answer as it is given (autosave). The attempt row is read FOR SHARE, so a save
 * and a submit of the same attempt take turns: a save either lands before grading reads
 * the answers, or finds the attempt finished and is refused. After the deadline (and its
 * grace) nothing is saved and the attempt is auto-submitted.
 * Each refusal has its own code, so the page can say why an answer was not saved:
 * not_found, forbidden (another candidate's attempt), attempt_finished, attempt_time_up,
 * invalid_answer.
 * Returns the time left, which the page uses to correct its countdown.
 */
export async function saveExamAnswer(db: Db, input: SaveAnswerInput): Promise<{ remainingMs: number }> {
  const now = input.now ?? new Date()
  const outcome = await db.$transaction(async (tx) => {
    const [attempt] = await tx.$queryRaw<{ id: string; status: string; deadline: Date; userId: string }[]>`
      SELECT a."id", a."status"::text AS "status", a."deadline", r."userId"
        FROM "ExamAttempt" a JOIN "Registration" r ON r."id" = a."registrationId"
       WHERE a."id" = ${input.attemptId}
         FOR SHARE OF a`
    if (!attempt) throw new AppError('not_found', 'No such attempt')
    if (attempt.userId !== input.userId) throw new AppError('forbidden', "Another candidate's attempt")
    if (attempt.status !== 'IN_PROGRESS') throw new AppError('attempt_finished', 'This attempt has been submitted')
    if (isPastDeadline(attempt.deadline, now)) return { late: true as const, attempt }
    const row = await tx.examAttemptQuestion.findUnique({
      where: { attemptId_position: { attemptId: input.attemptId, position: input.position } },
      select: { optionOrder: true, questionVersion: { select: { content: true } } },
    })
    if (!row) throw new AppError('invalid_answer', 'No such question in this attempt')
    const stored = toStoredResponse(row.questionVersion.content as unknown as Question, row.optionOrder, input.response)
    if (!stored) throw new AppError('invalid_answer', 'That answer does not fit the question')
    await tx.examAttemptQuestion.update({
      where: { attemptId_position: { attemptId: input.attemptId, position: input.position } },
      data: { response: stored, answeredAt: now },
    })
    return { late: false as const, attempt }
  })
  if (outcome.late) {
    await autoSubmitIfExpired(db, outcome.attempt, now)
    throw new AppError('attempt_time_up', 'Time is up; the attempt has been submitted')
  }
  return { remainingMs: remainingMs(outcome.attempt.deadline, now) }
}
