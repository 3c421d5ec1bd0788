import type { EmailStatusName as EmailStatusFilter } from '~/domain/email.ts'
import type { Db } from '~/utils/db.server.ts'

/** Mails whose link signs someone in or sets a password: staff must never be able to use them. */
const SECRET_LINK_KINDS = new Set(['password_reset', 'signup_confirmation'])

/** Replaces the token of every one-time link in a mail's text, so the outbox can show the rest. */
export function redactOneTimeLinks(text: string): string {
  return text.replace(/\/(reset-password|signup\/confirm)\/[^\s/?#]+/g, '/$1/…')
}

/**
 * The latest system e-mails for the staff outbox, newest first, optionally by status. One-time
 * links (password reset, sign-up confirmation) are shown without their token: a staff member
 * who could read them could request a reset for an administrator and take the account.
 */
export async function listEmails(db: Db, options: { status?: EmailStatusFilter; take?: number } = {}) {
  const where = options.status ? { status: options.status } : {}
  const [messages, byStatus] = await Promise.all([
    db.emailMessage.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: options.take ?? 100,
      select: { id: true, kind: true, toAddress: true, subject: true, text: true, status: true, priority: true, attempts: true, lastError: true, sentAt: true, createdAt: true },
    }),
    db.emailMessage.groupBy({ by: ['status'], _count: true }),
  ])
  return {
    messages: messages.map((m) => (SECRET_LINK_KINDS.has(m.kind) ? { ...m, text: redactOneTimeLinks(m.text) } : m)),
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count])) as Partial<Record<EmailStatusFilter, number>>,
  }
}
