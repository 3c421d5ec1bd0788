import { deriveLiveForums } from '~/services/attendance/derive-live-attendance.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/** Re-derives the attendance of live forums, and of forums that ended since, every minute. */
export function startLiveAttendanceDerivation(db: Db, everyMs = 60_000): Job {
  return startPeriodicJob('live attendance derivation', () => deriveLiveForums(db), everyMs)
}
