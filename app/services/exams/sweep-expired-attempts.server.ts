import { DEADLINE_GRACE_MS } from '~/domain/exam.ts'
import type { Db } from '~/utils/db.server.ts'
import { requestGrading } from './grading-queue.server.ts'

/** A finished attempt still ungraded this long after it closed has lost its grading job (a crash between close and enqueue, or a lost job). */
export const REGRADE_LOST_AFTER_MS = 2 * 60_000

/**
 * The periodic sweep, a few hundred attempts at a time:
 * - closes every attempt whose deadline (and grace) has passed, AUTO_SUBMITTED at its
 *   deadline, in one conditional UPDATE per batch (… WHERE status = 'IN_PROGRESS', so a
 *   submit racing it closes each attempt once), and hands them to the grading queue;
 * - hands the queue again every finished attempt that is still ungraded
 *   `REGRADE_LOST_AFTER_MS` after it closed: its job was lost. Grading is exactly once
 *   (grade-submitted-attempts), so asking twice is harmless.
 * Returns how many attempts it closed.
 */
export async function sweepExpiredAttempts(db: Db, now: Date = new Date(), batch = 500): Promise<number> {
  const lateBefore = new Date(now.getTime() - DEADLINE_GRACE_MS)
  let closed = 0
  for (;;) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "ExamAttempt" AS a
         SET "status" = 'AUTO_SUBMITTED', "submittedAt" = LEAST(a."deadline", ${now}), "active" = NULL, "updatedAt" = ${now}
       WHERE a."id" IN (SELECT "id" FROM "ExamAttempt" WHERE "status" = 'IN_PROGRESS' AND "deadline" < ${lateBefore} ORDER BY "deadline" LIMIT ${batch} FOR UPDATE SKIP LOCKED)
         AND a."status" = 'IN_PROGRESS'
      RETURNING a."id"`
    closed += rows.length
    await requestGrading(
      db,
      rows.map((r) => r.id),
    )
    if (rows.length < batch) break
  }
  const lostBefore = new Date(now.getTime() - REGRADE_LOST_AFTER_MS)
  for (let after = ''; ;) {
    const lost = await db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "ExamAttempt"
       WHERE "status" IN ('SUBMITTED', 'AUTO_SUBMITTED') AND "gradings" = 0 AND "updatedAt" < ${lostBefore} AND "id" > ${after}
       ORDER BY "id" LIMIT ${batch}`
    await requestGrading(
      db,
      lost.map((r) => r.id),
    )
    if (lost.length < batch) break
    after = lost.at(-1)!.id
  }
  return closed
}
