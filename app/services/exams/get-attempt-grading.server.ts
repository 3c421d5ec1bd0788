import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Whether a submitted attempt's result is ready: what the result page polls while the
 * grading queue works (GET /api/exam-attempts/:id). One indexed read; someone else's
 * attempt is not found.
 */
export async function getAttemptGrading(db: Db, input: { attemptId: string; userId: string }): Promise<{ status: string; graded: boolean }> {
  const attempt = await db.examAttempt.findFirst({ where: { id: input.attemptId, registration: { userId: input.userId } }, select: { status: true, gradedAt: true } })
  if (!attempt) throw new AppError('not_found', 'No such attempt')
  return { status: attempt.status, graded: attempt.gradedAt !== null }
}
