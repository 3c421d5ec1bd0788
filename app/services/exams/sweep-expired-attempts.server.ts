import { DEADLINE_GRACE_MS } from '~/domain/exam.ts'
import type { Db } from '~/utils/db.server.ts'
import { finishExamAttempt } from './submit-exam-attempt.server.ts'

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
