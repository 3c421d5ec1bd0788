import PgBoss from 'pg-boss'
import { parseDatabaseUrl, type Db } from '../../utils/db.server.ts'
import { logger } from '../../utils/logger.server.ts'

/**
 * The durable certificate job queue: pg-boss on the platform's own PostgreSQL (or the
 * embedded PGlite; see docs/decisions/011-certificate-job-queue.md). Jobs survive restarts;
 * handlers are idempotent, so at-least-once delivery is harmless.
 *
 * - `certificate-evaluate` {registrationId}: automatic issue for one registration.
 * - `certificate-batch` {batchId}: a staff batch issue.
 * - `certificate-sweep` (cron, every 5 minutes): finds registrations of ended events that
 *   have no certificate yet and evaluates them.
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

export async function startCertificateQueue(db: Db, databaseUrl: string, options: { work: boolean; pollingIntervalSeconds?: number; clock?: () => Date }): Promise<CertificateQueue> {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl)
  const boss = new PgBoss({ connectionString, schema: schema === 'public' ? 'pgboss' : `${schema}_pgboss`, max: 3, schedule: options.work, supervise: options.work })
  boss.on('error', (error) => logger.error({ err: error }, 'certificate queue error'))
  await boss.start()
  for (const name of Object.values(QUEUES)) await boss.createQueue(name)

  if (options.work) {
    const { evaluateRegistrationCredits, findRegistrationsToEvaluate } = await import('~/services/credits/evaluate-registration-credits.server.ts')
    const { runCertificateBatch } = await import('~/services/credits/run-certificate-batch.server.ts')
    const clock = options.clock ?? (() => new Date())
    const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }
    await boss.work<{ registrationId: string }>(QUEUES.evaluate, { ...polling, batchSize: 5 }, async (jobs) => {
      for (const job of jobs) await evaluateRegistrationCredits(db, job.data.registrationId, clock())
    })
    await boss.work<{ batchId: string }>(QUEUES.batch, polling, async (jobs) => {
      for (const job of jobs) {
        try {
          await runCertificateBatch(db, job.data.batchId)
        } catch (error) {
          await db.certificateBatch.update({ where: { id: job.data.batchId }, data: { status: 'FAILED', finishedAt: new Date() } }).catch(() => undefined)
          throw error
        }
      }
    })
    await boss.work(QUEUES.sweep, polling, async () => {
      const ids = await findRegistrationsToEvaluate(db, clock())
      if (ids.length) await boss.insert(ids.map((registrationId) => ({ name: QUEUES.evaluate, data: { registrationId } })))
    })
    await boss.schedule(QUEUES.sweep, '*/5 * * * *')
  }

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
  logger.info({ work: options.work }, 'certificate queue started')
  return queue
}
