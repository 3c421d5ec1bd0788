import { queueCreditEvaluation } from '~/services/credits/queue-credit-evaluation.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { gradeStoredAttempts } from './grade-exam-attempt.server.ts'

/** A batch of a few hundred gradings holds its row locks for well under a second. */
export const GRADING_TRANSACTION = { maxWait: 30_000, timeout: 60_000 } as const

/**
 * Grades submitted attempts, each exactly once, however often it is asked (the grading
 * queue delivers at least once, the sweep re-enqueues what a crash may have lost, a
 * regrade may run at the same time). One transaction per batch: it locks the attempts that
 * are finished and not yet graded (`gradings = 0`) in id order, so two graders never
 * deadlock; a second grader waiting on a lock re-checks the condition once the first
 * commits, finds `gradings = 1` and leaves that attempt alone. Returns how many this call
 * graded. A pass may complete the criteria for a certificate: evaluated at once.
 *
 * An attempt that cannot be graded (a broken question) must not hold up the rest of its
 * batch: the batch is then graded one attempt at a time, and the failure is rethrown at
 * the end so the queue retries it.
 */
export async function gradeSubmittedAttempts(db: Db, attemptIds: readonly string[], now: Date = new Date()): Promise<number> {
  const ids = [...new Set(attemptIds)]
  if (ids.length === 0) return 0
  try {
    return await gradeBatch(db, ids, now)
  } catch (error) {
    if (ids.length === 1) throw error
    logger.warn({ err: error, attempts: ids.length }, 'exam grading batch failed; grading its attempts one by one')
    let graded = 0
    let failure: unknown = null
    for (const id of ids) {
      try {
        graded += await gradeBatch(db, [id], now)
      } catch (single) {
        logger.error({ err: single, attemptId: id }, 'exam attempt cannot be graded')
        failure = single
      }
    }
    if (failure) throw failure
    return graded
  }
}

async function gradeBatch(db: Db, ids: string[], now: Date): Promise<number> {
  const result = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string; passPercent: number; registrationId: string }[]>`
      SELECT a."id", e."passPercent", a."registrationId"
        FROM "ExamAttempt" AS a JOIN "Exam" AS e ON e."id" = a."examId"
       WHERE a."id" = ANY(${ids}::text[]) AND a."status" <> 'IN_PROGRESS' AND a."gradings" = 0
       ORDER BY a."id"
         FOR UPDATE OF a`
    const graded = await gradeStoredAttempts(tx, due, now, { countGrading: true })
    if (due.length > 0) logger.info({ attempts: due.length }, 'exam attempts graded')
    return { count: due.length, passed: due.filter((a) => graded.get(a.id)?.passed).map((a) => a.registrationId) }
  }, GRADING_TRANSACTION)
  for (const registrationId of result.passed) queueCreditEvaluation(db, { registrationId })
  return result.count
}
