import { DEADLINE_GRACE_MS, isPastDeadline } from '~/domain/exam.ts'
import { gradeAttempt, type QuestionResponse } from '~/domain/grading.ts'
import type { Question } from '~/domain/question.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueCreditEvaluation } from '../credits/queue-credit-evaluation.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

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

/**
 * Grades an attempt's saved answers against its questions' keys and writes the per-question
 * scores and the totals, in one statement. `keys` maps a question version id to a corrected
 * key (a regrade); without one, each answer is graded against the version it was drawn with.
 */
export async function gradeStoredAttempt(
  tx: Tx,
  attemptId: string,
  passPercent: number,
  now: Date,
  options: { countGrading: boolean; keys?: Map<string, { question: Question; version: number }> },
) {
  const rows = await tx.$queryRaw<{ position: number; mark: number; response: QuestionResponse | null; questionVersionId: string; version: number; content: Question }[]>`
    SELECT q."position", q."mark", q."response", q."questionVersionId", v."version", v."content"
      FROM "ExamAttemptQuestion" AS q JOIN "QuestionVersion" AS v ON v."id" = q."questionVersionId"
     WHERE q."attemptId" = ${attemptId}
     ORDER BY q."position"`
  const keyed = rows.map((r) => options.keys?.get(r.questionVersionId) ?? { question: r.content, version: r.version })
  const result = gradeAttempt(
    keyed.map((k) => k.question),
    rows.map((r) => r.response ?? null),
    rows.map((r) => r.mark),
  )
  const passed = result.percentage >= passPercent
  const values = rows.length > 0 ? Prisma.join(rows.map((r, i) => Prisma.sql`(${r.position}::int, ${result.questions[i]!.score}::float8, ${result.questions[i]!.points}::float8, ${keyed[i]!.version}::int)`)) : Prisma.sql`(NULL::int, NULL::float8, NULL::float8, NULL::int)`
  // A data-modifying WITH runs to completion whether or not the outer statement reads it.
  await tx.$executeRaw`
    WITH v(position, score, points, key_version) AS (VALUES ${values}),
         scored AS (
           UPDATE "ExamAttemptQuestion" AS q
              SET "score" = v.score, "points" = v.points, "keyVersion" = v.key_version, "updatedAt" = ${now}
             FROM v
            WHERE q."attemptId" = ${attemptId} AND q."position" = v.position
           RETURNING 1)
    UPDATE "ExamAttempt"
       SET "points" = ${result.points}::float8, "maxPoints" = ${result.maxPoints}::float8, "percentage" = ${result.percentage}::float8, "passed" = ${passed},
           "gradedAt" = ${now}, "gradings" = "gradings" + ${options.countGrading ? 1 : 0}::int, "updatedAt" = ${now}
     WHERE "id" = ${attemptId}`
  return { ...result, passed }
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

/** Auto-submits every attempt whose deadline (and grace) has passed; a few at a time. */
export async function sweepExpiredAttempts(db: Db, now: Date = new Date(), batch = 200): Promise<number> {
  let finished = 0
  for (;;) {
    const due = await db.examAttempt.findMany({
      where: { status: 'IN_PROGRESS', deadline: { lt: new Date(now.getTime() - DEADLINE_GRACE_MS) } },
      select: { id: true },
      orderBy: { deadline: 'asc' },
      take: batch,
    })
    for (const a of due) {
      const outcome = await finishExamAttempt(db, a.id, { now, requested: 'AUTO_SUBMITTED' })
      if (outcome.gradedNow) finished++
    }
    if (due.length < batch) return finished
  }
}

/** The periodic sweep, so an abandoned attempt is graded at its deadline even if nobody opens it again. */
export function startExamSweep(db: Db, intervalMs = 30_000): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    sweepExpiredAttempts(db)
      .then((n) => (n > 0 ? logger.info({ finished: n }, 'expired exam attempts auto-submitted') : undefined))
      .catch((error: unknown) => logger.error({ err: error }, 'exam sweep failed'))
      .finally(() => (running = false))
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
