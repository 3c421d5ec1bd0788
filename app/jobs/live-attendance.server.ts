import { deriveLiveForums } from '~/services/attendance/derive-live-attendance.server.ts'
import { reviewCertificatesForForum } from '~/services/credits/review-certificates-for-forum.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/**
 * Re-derives the attendance of live forums, and of forums that ended since, every minute.
 * A forum that has just ended had its times settled by its live-status log: certificates
 * already issued for it are recomputed and flagged for review if their figure would change.
 */
export function startLiveAttendanceDerivation(db: Db, everyMs = 60_000): Job {
  return startPeriodicJob(
    'live attendance derivation',
    async () => {
      const derived = await deriveLiveForums(db)
      const ended = await db.forum.findMany({ where: { id: { in: derived }, liveStatus: 'ENDED' }, select: { id: true } })
      for (const f of ended) await reviewCertificatesForForum(db, f.id)
      return derived
    },
    everyMs,
  )
}
