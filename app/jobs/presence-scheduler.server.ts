import type { Namespace } from 'socket.io'
import { claimDuePresencePrompts } from '~/services/attendance/claim-due-presence-prompts.server.ts'
import { firePresencePrompt } from '~/services/attendance/fire-presence-prompt.server.ts'
import type { LedgerWriter } from '~/services/attendance/ledger-writer.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/**
 * Fires planned presence prompts when they come due. Each is claimed with FOR UPDATE SKIP
 * LOCKED, so with several nodes exactly one fires it (and reaches viewers on every node
 * through the shared rooms of the attendance namespace `nsp`).
 */
export function startPresenceScheduler(nsp: Namespace, db: Db, writer: LedgerWriter, everyMs = 5000): Job {
  return startPeriodicJob(
    'presence scheduler',
    async () => {
      for (const prompt of await claimDuePresencePrompts(db)) await firePresencePrompt(nsp, db, writer, prompt)
    },
    everyMs,
  )
}
