import { MAX_EMAIL_ATTEMPTS, retryDelayMs } from '~/domain/email.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import type { MailTransport } from '~/services/email/mailer.server.ts'

export type DeliveryReport = { sent: number; failed: number; retrying: number }

/**
 * Sends queued emails, transactional ones before bulk ones. Each message is claimed with FOR UPDATE SKIP LOCKED and a lease
 * (its next try is pushed forward before sending), so several app processes can run this
 * at once without sending a message twice; a process that dies mid-send leaves the message
 * to be retried when the lease ends.
 */
export async function deliverQueuedEmails(db: Db, transport: MailTransport, options: { limit?: number; now?: Date } = {}): Promise<DeliveryReport> {
  const now = options.now ?? new Date()
  const limit = options.limit ?? 50
  const leaseUntil = new Date(now.getTime() + 60_000)
  // Transactional mails before bulk ones, oldest first within each (EmailPriority); sent in that order too.
  const claimed = await db.$queryRaw<{ id: string; attempts: number }[]>`
    WITH claimed AS (
      UPDATE "EmailMessage" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "EmailMessage"
        WHERE "status" = 'QUEUED' AND "nextAttemptAt" <= ${now}
        ORDER BY "priority", "createdAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "attempts", "priority", "createdAt"
    )
    SELECT "id", "attempts" FROM claimed ORDER BY "priority", "createdAt"`
  const report: DeliveryReport = { sent: 0, failed: 0, retrying: 0 }
  const from = getEnv().EMAIL_FROM
  for (const { id, attempts } of claimed) {
    const message = await db.emailMessage.findUniqueOrThrow({ where: { id } })
    try {
      await transport.sendMail({ from, to: message.toAddress, subject: message.subject, text: message.text, html: message.html, messageId: `<${message.id}@cme-forum>` })
      await db.emailMessage.update({ where: { id }, data: { status: 'SENT', sentAt: new Date(), lastError: null } })
      report.sent++
      logger.info({ emailId: id, kind: message.kind }, 'email sent')
    } catch (error) {
      const giveUp = attempts >= MAX_EMAIL_ATTEMPTS
      const reason = error instanceof Error ? error.message.slice(0, 500) : String(error)
      await db.emailMessage.update({
        where: { id },
        data: { status: giveUp ? 'FAILED' : 'QUEUED', lastError: reason, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      })
      if (giveUp) report.failed++
      else report.retrying++
      logger.warn({ emailId: id, attempts, giveUp, err: reason }, 'email delivery failed')
    }
  }
  return report
}
