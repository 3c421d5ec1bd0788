import { deliverQueuedEmails } from '~/services/email/deliver-emails.server.ts'
import type { MailTransport } from '~/services/email/mailer.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/** Sends queued e-mails every few seconds, starting at once (docs/decisions/009-email-outbox.md). */
export function startEmailDelivery(db: Db, transport: MailTransport, everyMs = 5000): Job {
  return startPeriodicJob('email delivery', () => deliverQueuedEmails(db, transport), everyMs, { immediately: true })
}
