import { finalizeEndedRecordings } from '~/services/broadcast/finalize-ended-recordings.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { announceReplayChanged } from '~/utils/forum-status-events.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/**
 * Makes replays of ended forums (issue 12): every 2 s it finalises recordings whose forum
 * ended. Short enough that a replay is playable within 10 s of the end (broadcaster's
 * EXT-X-ENDLIST wait ≤ 6 s + one period + the work), cheap because only RECORDING rows of
 * ENDED forums are read (at most one RECORDING row per forum).
 */
export function startRecordingFinaliser(db: Db, recordingsDir: string, everyMs = 2000): Job {
  return startPeriodicJob(
    'recording finaliser',
    async () => {
      // What the forum's pages say about its replay may change (a recording with no media makes none):
      // the cached pages go, and the players watching the ended forum hear it.
      const counts = await finalizeEndedRecordings(db, {
        recordingsDir,
        onFinalized: ({ forumId, eventSlug }) => {
          forgetEventPage(eventSlug)
          announceReplayChanged({ forumId })
        },
      })
      if (counts.finalized > 0) logger.info(counts, 'replays made')
    },
    everyMs,
    { immediately: true },
  )
}
