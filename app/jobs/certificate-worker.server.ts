import type PgBoss from 'pg-boss'
import { connectCertificateBoss, publishCertificateQueue, QUEUES, type CertificateQueue } from '~/services/credits/certificate-queue.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import type { Job } from './job.ts'

type WorkOptions = { pollingIntervalSeconds?: number; clock?: () => Date }

/**
 * The durable certificate queue (docs/decisions/011-certificate-job-queue.md). Every node
 * can enqueue; with `work` (CERTIFICATE_WORKER) this node also works the queues: automatic
 * issue, staff batches and the sweep every 5 minutes. Handlers are idempotent, so pg-boss's
 * at-least-once delivery is harmless.
 */
export async function startCertificateWorker(db: Db, databaseUrl: string, options: WorkOptions & { work: boolean }): Promise<Job & CertificateQueue> {
  const boss = await connectCertificateBoss(databaseUrl, { work: options.work })
  if (options.work) await workCertificateQueues(boss, db, options)
  const queue = publishCertificateQueue(boss)
  logger.info({ work: options.work }, 'certificate queue started')
  return { name: 'certificate worker', ...queue }
}

async function workCertificateQueues(boss: PgBoss, db: Db, options: WorkOptions) {
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
