import type { EmailStatusName } from '~/domain/email.ts'
import type { Db } from '~/utils/db.server.ts'

export type MessageSendDetail = {
  id: string
  filter: string
  subjectZh: string
  bodyZh: string
  subjectEn: string
  bodyEn: string
  recipientCount: number
  recipients: { registrationId: string; realName: string; email: string; locale: 'zh_CN' | 'en'; status: EmailStatusName; subject: string }[]
}

/** One send of an event with its text and its recipients (at most `take`, by name), each with its mail's state. */
export async function getMessageSend(db: Db, eventId: string, sendId: string, take = 500): Promise<MessageSendDetail | null> {
  const send = await db.registrantMessageSend.findFirst({
    where: { id: sendId, eventId },
    select: {
      id: true,
      filter: true,
      subjectZh: true,
      bodyZh: true,
      subjectEn: true,
      bodyEn: true,
      recipientCount: true,
      recipients: { select: { registrationId: true, locale: true, emailMessage: { select: { toAddress: true, status: true, subject: true, userId: true } } }, take },
    },
  })
  if (!send) return null
  const users = await db.user.findMany({ where: { id: { in: send.recipients.flatMap((r) => (r.emailMessage.userId ? [r.emailMessage.userId] : [])) } }, select: { id: true, realName: true } })
  const names = new Map(users.map((u) => [u.id, u.realName]))
  const recipients = send.recipients
    .map((r) => ({
      registrationId: r.registrationId,
      realName: (r.emailMessage.userId && names.get(r.emailMessage.userId)) || '',
      email: r.emailMessage.toAddress,
      locale: r.locale,
      status: r.emailMessage.status,
      subject: r.emailMessage.subject,
    }))
    .sort((a, b) => a.realName.localeCompare(b.realName, 'zh-CN') || a.email.localeCompare(b.email))
  const { recipients: _rows, ...rest } = send
  return { ...rest, recipients }
}
