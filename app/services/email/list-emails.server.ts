import type { EmailStatusName as EmailStatusFilter } from '~/domain/email.ts'
import type { Db } from '~/utils/db.server.ts'

/** The latest system e-mails for the staff outbox, newest first, optionally by status. */
export async function listEmails(db: Db, options: { status?: EmailStatusFilter; take?: number } = {}) {
  const where = options.status ? { status: options.status } : {}
  const [messages, byStatus] = await Promise.all([
    db.emailMessage.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: options.take ?? 100,
      select: { id: true, kind: true, toAddress: true, subject: true, text: true, status: true, attempts: true, lastError: true, sentAt: true, createdAt: true },
    }),
    db.emailMessage.groupBy({ by: ['status'], _count: true }),
  ])
  return { messages, byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count])) as Partial<Record<EmailStatusFilter, number>> }
}
