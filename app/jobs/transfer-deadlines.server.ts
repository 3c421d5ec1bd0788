import { expireBankTransfers } from '~/services/registration/expire-bank-transfers.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/** Releases seats whose bank transfer passed its deadline unpaid; deadlines are in days, a minute late is fine. */
export function startTransferDeadlines(db: Db, everyMs = 60_000): Job {
  return startPeriodicJob(
    'transfer deadlines',
    async () => {
      const released = await expireBankTransfers(db)
      if (released.transfers > 0) logger.info(released, 'unpaid bank transfers expired')
    },
    everyMs,
  )
}
