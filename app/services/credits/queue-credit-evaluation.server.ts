import { getCertificateQueue } from '~/services/credits/certificate-queue.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

/**
 * Asks the certificate queue to evaluate a registration now that one of its criteria may
 * have just been met (an exam passed, the evaluation completed), rather than waiting for the
 * periodic sweep. Never throws and never delays the caller: the sweep still catches anything
 * lost here, and a process without a queue (a benchmark, a test) does nothing.
 */
export function queueCreditEvaluation(db: Db, target: { registrationId: string } | { attemptId: string }) {
  const queue = getCertificateQueue()
  if (!queue) return
  void (async () => {
    const registrationId = 'registrationId' in target ? target.registrationId : (await db.examAttempt.findUnique({ where: { id: target.attemptId }, select: { registrationId: true } }))?.registrationId
    if (registrationId) await queue.enqueueEvaluation(registrationId)
  })().catch((error: unknown) => logger.warn({ err: error, ...target }, 'could not queue a credit evaluation'))
}
