import { DEADLINE_GRACE_MS, isPastDeadline } from '~/domain/exam.ts'
import { createStatementBatcher } from '~/utils/statement-batcher.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { requestGrading } from './grading-queue.server.ts'

/**
 * `closedNow`: this call ended the attempt (exactly one call does). `graded`: the result is
 * ready; with the grading queue it usually is not yet when the submit answers, and the
 * result page polls until it is (GET /api/exam-attempts/:id).
 */
export type FinishOutcome = {
  attemptId: string
  status: 'SUBMITTED' | 'AUTO_SUBMITTED'
  closedNow: boolean
  graded: boolean
  percentage: number | null
  passed: boolean | null
}

/**
 * Ends an attempt, once, and has it graded, once. Ending it is one conditional UPDATE
 * (… WHERE status = 'IN_PROGRESS' … RETURNING), outside any transaction, shared with the
 * submits that arrive at the same moment (closeAttempts): a second submit,
 * a double click, the deadline sweep and a lazy auto-submit racing each other queue on the
 * row lock, re-check the condition, find it false and report the attempt as it is. Saves
 * take the same row's share lock, so no answer lands after the attempt closed, and grading
 * (which reads the answers later) sees them all. `userId`, when given, must own the
 * attempt (a stranger's attempt is not found).
 *
 * Grading is not done here: the closed attempt goes to the grading queue
 * (grading-queue.server.ts), which grades it exactly once (grade-submitted-attempts). So a
 * burst of 5,000 submits costs 5,000 single-row updates, not 5,000 grading transactions.
 *
 * Past the deadline and its grace, or when `requested` is AUTO_SUBMITTED, the attempt is
 * AUTO_SUBMITTED at the deadline.
 */
export async function finishExamAttempt(db: Db, attemptId: string, options: { now: Date; requested: 'SUBMITTED' | 'AUTO_SUBMITTED'; userId?: string }): Promise<FinishOutcome> {
  const { now } = options
  const forced = options.requested === 'AUTO_SUBMITTED'
  const owner = options.userId ?? null
  const closed = await closer(db)({ attemptId, owner, forced, now })
  if (!closed) {
    const [done] = await db.$queryRaw<{ status: FinishOutcome['status'] | 'IN_PROGRESS'; percentage: number | null; passed: boolean | null; gradedAt: Date | null }[]>`
      SELECT a."status"::text AS "status", a."percentage", a."passed", a."gradedAt"
        FROM "ExamAttempt" AS a JOIN "Registration" AS r ON r."id" = a."registrationId"
       WHERE a."id" = ${attemptId} AND (${owner}::text IS NULL OR r."userId" = ${owner}::text)`
    if (!done) throw new AppError('not_found', 'No such attempt')
    // Not expected: the UPDATE waited for any concurrent close to commit, and this read comes after it.
    const status = done.status === 'IN_PROGRESS' ? options.requested : done.status
    return { attemptId, status, closedNow: false, graded: done.gradedAt !== null, percentage: done.percentage, passed: done.passed }
  }
  logger.info({ attemptId, status: closed.status }, 'exam attempt closed')
  const gradedHere = await requestGrading(db, [attemptId])
  if (!gradedHere) return { attemptId, status: closed.status, closedNow: true, graded: false, percentage: null, passed: null }
  const [graded] = await db.$queryRaw<{ percentage: number | null; passed: boolean | null }[]>`SELECT "percentage", "passed" FROM "ExamAttempt" WHERE "id" = ${attemptId}`
  return { attemptId, status: closed.status, closedNow: true, graded: true, percentage: graded?.percentage ?? null, passed: graded?.passed ?? null }
}

type CloseRequest = { attemptId: string; owner: string | null; forced: boolean; now: Date }

/**
 * The closing UPDATE for many submits at once: submits that arrive together share one
 * statement (createStatementBatcher), so a burst of 5,000 is a few dozen statements. Each
 * row is closed for at most one request of the batch (RETURNING names which), and only
 * while IN_PROGRESS: a request that did not close its attempt reads it instead.
 */
async function closeAttempts(db: Db, requests: CloseRequest[]): Promise<({ status: FinishOutcome['status'] } | null)[]> {
  const rows = await db.$queryRaw<{ ord: number; status: FinishOutcome['status'] }[]>`
    UPDATE "ExamAttempt" AS a
       SET "status" = CASE WHEN x."forced" OR a."deadline" < x."lateBefore" THEN 'AUTO_SUBMITTED'::"AttemptStatus" ELSE 'SUBMITTED'::"AttemptStatus" END,
           "submittedAt" = CASE WHEN x."forced" OR a."deadline" < x."lateBefore" THEN LEAST(a."deadline", x."now") ELSE x."now" END,
           "active" = NULL,
           "updatedAt" = x."now"
      FROM unnest(${requests.map((r) => r.attemptId)}::text[], ${requests.map((r) => r.owner)}::text[], ${requests.map((r) => r.forced)}::boolean[],
                  ${requests.map((r) => r.now.toISOString())}::timestamp(3)[], ${requests.map((r) => new Date(r.now.getTime() - DEADLINE_GRACE_MS).toISOString())}::timestamp(3)[])
           WITH ORDINALITY AS x("id", "owner", "forced", "now", "lateBefore", "ord"),
           "Registration" AS r
     WHERE a."id" = x."id" AND a."status" = 'IN_PROGRESS'
       AND r."id" = a."registrationId" AND (x."owner" IS NULL OR r."userId" = x."owner")
    RETURNING x."ord"::int AS "ord", a."status"::text AS "status"`
  const byOrd = new Map(rows.map((r) => [r.ord, { status: r.status }]))
  return requests.map((_, i) => byOrd.get(i + 1) ?? null)
}

const closers = new WeakMap<Db, (request: CloseRequest) => Promise<{ status: FinishOutcome['status'] } | null>>()
function closer(db: Db) {
  let close = closers.get(db)
  if (!close) {
    close = createStatementBatcher<CloseRequest, { status: FinishOutcome['status'] } | null>({ write: (requests) => closeAttempts(db, requests), maxItems: 500 })
    closers.set(db, close)
  }
  return close
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
