import { deliverQueuedEmails, type DeliveryReport } from '~/services/email/deliver-emails.server.ts'
import type { MailTransport } from '~/services/email/mailer.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { startPeriodicJob, type Job } from './job.ts'

/** Sends queued e-mails every few seconds, starting at once (docs/decisions/009-email-outbox.md). */
export function startEmailDelivery(db: Db, transport: MailTransport, everyMs = 5000): Job {
  return startPeriodicJob('email delivery', () => deliverEmailBatches(db, transport), everyMs, { immediately: true })
}

/**
 * One run of the delivery job: batches of `limit` one after the other while they come back
 * full, up to `maxBatches`, so a message to thousands of registrants goes out at the relay's
 * pace instead of 50 mails per interval. Each batch claims its mails afresh, so a password
 * reset queued during a long run still goes before the bulk mails left.
 */
export async function deliverEmailBatches(db: Db, transport: MailTransport, options: { limit?: number; maxBatches?: number } = {}): Promise<DeliveryReport & { batches: number }> {
  const limit = options.limit ?? 50
  const total = { sent: 0, failed: 0, retrying: 0, batches: 0 }
  while (total.batches < (options.maxBatches ?? 40)) {
    const report = await deliverQueuedEmails(db, transport, { limit })
    total.batches++
    total.sent += report.sent
    total.failed += report.failed
    total.retrying += report.retrying
    if (report.sent + report.failed + report.retrying < limit) break
  }
  return total
}
