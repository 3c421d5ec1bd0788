import { DEADLINE_GRACE_MS, isPastDeadline } from '~/domain/exam.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueCreditEvaluation } from '~/services/credits/queue-credit-evaluation.server.ts'
import { gradeStoredAttempt } from './grade-exam-attempt.server.ts'

/**
 * Thousands of candidates submit in the last minute: queue for a connection rather than
 * fail. A burst of 5,000 at one instant drains at a few hundred per second (bench/RESULTS.md).
 */
export const SUBMIT_TRANSACTION = { maxWait: 120_000, timeout: 30_000 } as const

export type FinishOutcome = { attemptId: string; status: 'SUBMITTED' | 'AUTO_SUBMITTED'; gradedNow: boolean; percentage: number | null; passed: boolean | null }

/**
 * Ends an attempt and grades it, exactly once. The status change is one conditional
 * UPDATE (… WHERE status = 'IN_PROGRESS' … RETURNING): a second submit, a double click,
 * the deadline sweep and a lazy auto-submit racing each other queue on the row lock,
 * re-check the condition, find it false and return the graded result instead of grading
 * again. Saves take the same row's share lock, so no answer lands after grading has read
 * them. `userId`, when given, must own the attempt (a stranger's attempt is not found).
 *
 * Past the deadline and its grace, or when `requested` is AUTO_SUBMITTED, the attempt is
 * AUTO_SUBMITTED at the deadline. Three statements inside the transaction: close, read the
 * answers with their keys, write every score and the totals.
 */
export async function finishExamAttempt(db: Db, attemptId: string, options: { now: Date; requested: 'SUBMITTED' | 'AUTO_SUBMITTED'; userId?: string }): Promise<FinishOutcome> {
  const { now } = options
  const forced = options.requested === 'AUTO_SUBMITTED'
  const lateBefore = new Date(now.getTime() - DEADLINE_GRACE_MS)
  const owner = options.userId ?? null
  const outcome = await db.$transaction(async (tx): Promise<FinishOutcome> => {
    const [closed] = await tx.$queryRaw<{ status: FinishOutcome['status']; passPercent: number }[]>`
      UPDATE "ExamAttempt" AS a
         SET "status" = CASE WHEN ${forced}::boolean OR a."deadline" < ${lateBefore} THEN 'AUTO_SUBMITTED'::"AttemptStatus" ELSE 'SUBMITTED'::"AttemptStatus" END,
             "submittedAt" = CASE WHEN ${forced}::boolean OR a."deadline" < ${lateBefore} THEN LEAST(a."deadline", ${now}) ELSE ${now} END,
             "active" = NULL,
             "updatedAt" = ${now}
        FROM "Exam" AS e, "Registration" AS r
       WHERE a."id" = ${attemptId} AND a."status" = 'IN_PROGRESS'
         AND e."id" = a."examId" AND r."id" = a."registrationId" AND (${owner}::text IS NULL OR r."userId" = ${owner}::text)
      RETURNING a."status"::text AS "status", e."passPercent" AS "passPercent"`
    if (!closed) {
      const [done] = await tx.$queryRaw<{ status: FinishOutcome['status']; percentage: number | null; passed: boolean | null }[]>`
        SELECT a."status"::text AS "status", a."percentage", a."passed"
          FROM "ExamAttempt" AS a JOIN "Registration" AS r ON r."id" = a."registrationId"
         WHERE a."id" = ${attemptId} AND (${owner}::text IS NULL OR r."userId" = ${owner}::text)`
      if (!done) throw new AppError('not_found', 'No such attempt')
      return { attemptId, status: done.status, gradedNow: false, percentage: done.percentage, passed: done.passed }
    }
    const graded = await gradeStoredAttempt(tx, attemptId, closed.passPercent, now, { countGrading: true })
    logger.info({ attemptId, status: closed.status, percentage: graded.percentage }, 'exam attempt graded')
    return { attemptId, status: closed.status, gradedNow: true, percentage: graded.percentage, passed: graded.passed }
  }, SUBMIT_TRANSACTION)
  // A pass may complete the criteria for a certificate: evaluate now, not at the next sweep.
  if (outcome.gradedNow && outcome.passed) queueCreditEvaluation(db, { attemptId })
  return outcome
}

/** The candidate's own submit. Someone else's attempt is not found. */
export async function submitExamAttempt(db: Db, input: { attemptId: string; userId: string; now?: Date }): Promise<FinishOutcome> {
  return finishExamAttempt(db, input.attemptId, { now: input.now ?? new Date(), requested: 'SUBMITTED', userId: input.userId })
}

/** Ends an attempt whose time is up (and its grace past), if it is still open. Lazy: every read of an attempt calls it. */
export async function autoSubmitIfExpired(db: Db, attempt: { id: string; status: string; deadline: Date }, now: Date): Promise<boolean> {
  if (attempt.status !== 'IN_PROGRESS' || !isPastDeadline(attempt.deadline, now)) return false
  await finishExamAttempt(db, attempt.id, { now, requested: 'AUTO_SUBMITTED' })
  return true
}
