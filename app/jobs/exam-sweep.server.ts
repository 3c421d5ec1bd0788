import { sweepExpiredAttempts } from '~/services/exams/sweep-expired-attempts.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/** The periodic sweep, so an abandoned attempt is graded at its deadline even if nobody opens it again. */
export function startExamSweep(db: Db, everyMs = 30_000): Job {
  return startPeriodicJob(
    'exam sweep',
    async () => {
      const finished = await sweepExpiredAttempts(db)
      if (finished > 0) logger.info({ finished }, 'expired exam attempts auto-submitted')
    },
    everyMs,
  )
}
