import { queueCertificateIssuedEmails } from '~/services/email/queue-certificate-issued-emails.server.ts'
import { queueForumReminders } from '~/services/email/queue-forum-reminders.server.ts'
import { queueReplayAvailableEmails } from '~/services/email/queue-replay-available-emails.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/**
 * Automatic mails (issue 15): every minute, the forum reminders that fell due, "your
 * certificate is issued" and "the replay is available". They go into the mail queue
 * (EmailMessage), which the delivery job sends over SMTP when it is configured.
 */
export function startAutomaticMails(db: Db, everyMs = 60_000): Job {
  return startPeriodicJob(
    'automatic mails',
    async () => {
      const now = new Date()
      const reminders = await queueForumReminders(db, now)
      const certificates = await queueCertificateIssuedEmails(db, now)
      const replays = await queueReplayAvailableEmails(db, now)
      if (reminders + certificates + replays > 0) logger.info({ reminders, certificates, replays }, 'automatic mails queued')
    },
    everyMs,
  )
}
