import { gradeSubmittedAttempts } from '~/services/exams/grade-submitted-attempts.server.ts'
import { connectGradingBoss, GRADING_QUEUE, publishGradingQueue, type GradingQueue } from '~/services/exams/grading-queue.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import type { Job } from './job.ts'

/** Jobs per fetch: one grading transaction each (app/services/exams/grade-submitted-attempts.server.ts). */
const BATCH = 250
/** Graders per node: batches in flight at once, each on its own connection. */
const GRADERS = 2
/**
 * Grading waits until this node's submits pause for QUIET_MS (at most MAX_WAIT_MS): the
 * candidates pressing "submit" at the deadline get the event loop and the pool first, and
 * their results follow a moment later (issue 16: "submitted" within 2 s, results within 30 s).
 */
const QUIET_MS = 150
const MAX_WAIT_MS = 5_000

/**
 * The exam grading queue (decision 010). Every node enqueues; with `work`
 * (CERTIFICATE_WORKER, the same switch as the certificate jobs) this node also grades, in
 * batches. A full batch fetches the next at once rather than after the polling interval,
 * and a flush of this node's submits wakes its graders; they grade once the burst of
 * submits pauses, then as fast as the database allows. pg-boss delivers at least once; grading is exactly once.
 */
export async function startExamGrading(db: Db, databaseUrl: string, options: { work: boolean; pollingIntervalSeconds?: number }): Promise<Job & GradingQueue> {
  const boss = await connectGradingBoss(databaseUrl, { work: options.work })
  const workers: string[] = []
  const wake = () => {
    for (const id of workers) boss.notifyWorker(id)
  }
  const queue = publishGradingQueue(boss, wake)
  if (options.work) {
    for (let i = 0; i < GRADERS; i++) {
      const id = await boss.work<{ attemptId: string }>(GRADING_QUEUE, { batchSize: BATCH, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async (jobs) => {
        await queue.quiet(QUIET_MS, MAX_WAIT_MS)
        await gradeSubmittedAttempts(
          db,
          jobs.map((job) => job.data.attemptId),
        )
        if (jobs.length === BATCH) wake()
      })
      workers.push(id)
    }
  }
  logger.info({ work: options.work }, 'exam grading queue started')
  return { name: 'exam grading', ...queue }
}
