import PgBoss from 'pg-boss'
import { parseDatabaseUrl, type Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { ensurePgBossQueues } from '~/utils/pg-boss-queues.server.ts'
import { gradeSubmittedAttempts } from './grade-submitted-attempts.server.ts'

/**
 * Exam grading runs in the job queue, not in the candidate's request (issue 16; decision
 * 010): submitting closes the attempt in one statement and hands its id to this queue.
 * pg-boss on the platform's own PostgreSQL, beside the certificate queue (decision 011).
 *
 * Submits that arrive together share one insert: ids wait at most `FLUSH_DELAY_MS` (or
 * until a flush in flight ends) and go in one `insert` of up to `FLUSH_MAX` jobs; each
 * caller's promise settles when its job is stored. A flush that fails is logged, never
 * thrown at the candidate: the sweep (sweep-expired-attempts) re-enqueues finished
 * attempts left ungraded, and grading is exactly-once whoever asks.
 *
 * This module is the enqueue side; app/jobs/exam-grading-worker.server.ts works the queue.
 */
export const GRADING_QUEUE = 'exam-grade'
const FLUSH_DELAY_MS = 5
const FLUSH_MAX = 1000

export type GradingQueue = {
  /** Resolves once the ids are stored as jobs (or the failure is logged). */
  enqueue(attemptIds: readonly string[]): Promise<void>
  /**
   * Resolves once this node has had no submit to enqueue for `quietMs`, or after `maxWaitMs`:
   * the graders wait for it, so a burst of submits has the event loop and the connection
   * pool to itself and is graded right after.
   */
  quiet(quietMs: number, maxWaitMs: number): Promise<void>
  stop(): Promise<void>
}

// On globalThis: server.ts and the Remix server bundle each load their own copy of this module.
const registry = globalThis as unknown as { __examGradingQueue?: GradingQueue }

/** The queue this process started, if any. */
export function getGradingQueue(): GradingQueue | undefined {
  return registry.__examGradingQueue
}

/**
 * Has `attemptIds` graded: through the queue when this process has one, otherwise (a
 * script, a test, a benchmark without the queue) at once, before returning.
 * Returns whether they were graded here.
 */
export async function requestGrading(db: Db, attemptIds: readonly string[]): Promise<boolean> {
  if (attemptIds.length === 0) return false
  const queue = getGradingQueue()
  if (queue) {
    await queue.enqueue(attemptIds)
    return false
  }
  await gradeSubmittedAttempts(db, attemptIds)
  return true
}

/** Connects pg-boss for grading. Only a node that works the queues runs its scheduler and supervisor. */
export async function connectGradingBoss(databaseUrl: string, options: { work: boolean }): Promise<PgBoss> {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl)
  const boss = new PgBoss({ connectionString, schema: schema === 'public' ? 'pgboss' : `${schema}_pgboss`, max: 4, schedule: false, supervise: options.work })
  boss.on('error', (error) => logger.error({ err: error }, 'exam grading queue error'))
  await boss.start()
  // The primary creates it first (server.ts); another node starting at the same moment may still race it.
  await ensurePgBossQueues(boss, [GRADING_QUEUE])
  return boss
}

/**
 * The enqueue side over a started pg-boss, returned by getGradingQueue() until it stops.
 * `onStored` runs after each flush (the worker on this node polls at once).
 */
export function publishGradingQueue(boss: PgBoss, onStored: () => void = () => undefined): GradingQueue {
  let pending: { ids: string[]; done: () => void }[] = []
  let timer: NodeJS.Timeout | null = null
  let flushing: Promise<void> | null = null
  let lastEnqueueAt = -Infinity

  const flush = async () => {
    timer = null
    while (pending.length > 0) {
      const batch: typeof pending = []
      let size = 0
      while (pending.length > 0 && size < FLUSH_MAX) {
        const next = pending.shift()!
        batch.push(next)
        size += next.ids.length
      }
      const ids = batch.flatMap((b) => b.ids)
      try {
        await boss.insert(ids.map((attemptId) => ({ name: GRADING_QUEUE, data: { attemptId }, retryLimit: 5, retryDelay: 5, retryBackoff: true })))
        onStored()
      } catch (error) {
        logger.error({ err: error, attempts: ids.length }, 'could not queue exam gradings; the sweep will')
      }
      for (const b of batch) b.done()
    }
  }
  const schedule = () => {
    if (flushing || timer) return
    timer = setTimeout(() => {
      flushing = flush().finally(() => {
        flushing = null
        if (pending.length > 0) schedule()
      })
    }, FLUSH_DELAY_MS)
  }

  const queue: GradingQueue = {
    enqueue(attemptIds) {
      lastEnqueueAt = performance.now()
      return new Promise<void>((resolve) => {
        pending.push({ ids: [...attemptIds], done: resolve })
        schedule()
      })
    },
    async quiet(quietMs, maxWaitMs) {
      const giveUpAt = performance.now() + maxWaitMs
      for (;;) {
        const now = performance.now()
        const quietFor = now - lastEnqueueAt
        if (quietFor >= quietMs || now >= giveUpAt) return
        await new Promise((r) => setTimeout(r, Math.min(quietMs - quietFor, giveUpAt - now)))
      }
    },
    async stop() {
      if (registry.__examGradingQueue === queue) registry.__examGradingQueue = undefined
      if (timer) clearTimeout(timer)
      await (flushing ?? flush())
      pending = []
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
  registry.__examGradingQueue = queue
  return queue
}
