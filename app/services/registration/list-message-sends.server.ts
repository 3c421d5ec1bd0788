import type { EmailStatusName } from '~/domain/email.ts'
import type { Db } from '~/utils/db.server.ts'

export type MessageSendSummary = {
  id: string
  createdAt: Date
  sentBy: string | null
  filter: string
  subjectZh: string
  subjectEn: string
  recipientCount: number
  byStatus: Partial<Record<EmailStatusName, number>>
}

/**
 * An event's sends, newest first: who sent what to which filter, and where its mails are
 * (held in the outbox, queued, sent, failed), counted from the outbox itself.
 */
export async function listMessageSends(db: Db, eventId: string, take = 20): Promise<MessageSendSummary[]> {
  const sends = await db.registrantMessageSend.findMany({
    where: { eventId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: { id: true, createdAt: true, sentById: true, filter: true, subjectZh: true, subjectEn: true, recipientCount: true },
  })
  if (sends.length === 0) return []
  const ids = sends.map((s) => s.id)
  const [counts, senders] = await Promise.all([
    db.$queryRaw<{ sendId: string; status: EmailStatusName; count: number }[]>`
      SELECT r."sendId", m."status"::text AS "status", count(*)::int AS "count"
      FROM "RegistrantMessageRecipient" r JOIN "EmailMessage" m ON m."id" = r."emailMessageId"
      WHERE r."sendId" = ANY(${ids}::text[]) GROUP BY 1, 2`,
    db.user.findMany({ where: { id: { in: sends.flatMap((s) => (s.sentById ? [s.sentById] : [])) } }, select: { id: true, realName: true } }),
  ])
  const names = new Map(senders.map((u) => [u.id, u.realName]))
  return sends.map(({ sentById, ...s }) => ({
    ...s,
    sentBy: sentById ? (names.get(sentById) ?? null) : null,
    byStatus: Object.fromEntries(counts.filter((c) => c.sendId === s.id).map((c) => [c.status, c.count])),
  }))
}
