import PgBoss from 'pg-boss'
import { parseDatabaseUrl } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { ensurePgBossQueues } from '~/utils/pg-boss-queues.server.ts'

/**
 * The durable certificate job queue: pg-boss on the platform's own PostgreSQL (or the
 * embedded PostgreSQL; see docs/decisions/011-certificate-job-queue.md). Jobs survive restarts;
 * handlers are idempotent, so at-least-once delivery is harmless.
 *
 * - `certificate-evaluate` {registrationId}: automatic issue for one registration.
 * - `certificate-batch` {batchId}: a staff batch issue.
 * - `certificate-sweep` (cron, every 5 minutes): finds registrations of ended events that
 *   have no certificate yet and evaluates them.
 *
 * This module is the enqueue side that use cases and routes see; the handlers that work the
 * queues live in app/jobs/certificate-worker.server.ts.
 */
export const QUEUES = { evaluate: 'certificate-evaluate', batch: 'certificate-batch', sweep: 'certificate-sweep' } as const

export type CertificateQueue = {
  enqueueEvaluation(registrationId: string): Promise<void>
  enqueueBatch(batchId: string): Promise<void>
  stop(): Promise<void>
}

// On globalThis: server.ts and the Remix server bundle each load their own copy of this module.
const registry = globalThis as unknown as { __certificateQueue?: CertificateQueue }

/** The queue this process started, if any (routes enqueue through it). */
export function getCertificateQueue(): CertificateQueue | undefined {
  return registry.__certificateQueue
}

/**
 * Connects pg-boss on `databaseUrl` and makes sure the queues exist (server.ts's primary does it
 * once before forking the HTTP processes, which then find them). Only a node that works
 * the queues (app/jobs/certificate-worker.server.ts) runs pg-boss's scheduler and supervisor.
 */
export async function connectCertificateBoss(databaseUrl: string, options: { work: boolean }): Promise<PgBoss> {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl)
  const boss = new PgBoss({ connectionString, schema: schema === 'public' ? 'pgboss' : `${schema}_pgboss`, max: 3, schedule: options.work, supervise: options.work })
  boss.on('error', (error) => logger.error({ err: error }, 'certificate queue error'))
  await boss.start()
  await ensurePgBossQueues(boss, Object.values(QUEUES))
  return boss
}

/** The enqueue side over a started pg-boss, returned by getCertificateQueue() until it stops. */
export function publishCertificateQueue(boss: PgBoss): CertificateQueue {
  const queue: CertificateQueue = {
    async enqueueEvaluation(registrationId) {
      await boss.send(QUEUES.evaluate, { registrationId }, { retryLimit: 3, retryBackoff: true })
    },
    async enqueueBatch(batchId) {
      await boss.send(QUEUES.batch, { batchId }, { retryLimit: 2, retryBackoff: true, expireInSeconds: 3600 })
    },
    async stop() {
      if (registry.__certificateQueue === queue) registry.__certificateQueue = undefined
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
  registry.__certificateQueue = queue
  return queue
}
