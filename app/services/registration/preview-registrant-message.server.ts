import type { AppLocale } from '~/domain/locale.ts'
import type { RenderedEmail } from '~/domain/email.ts'
import type { DeskQuery, DeskStatus } from '~/domain/registration-desk.ts'
import type { MessageTemplate } from '~/domain/registrant-message.ts'
import type { Db } from '~/utils/db.server.ts'
import { deskOrderBy, deskWhere } from './list-event-registrations.server.ts'
import { messageContext, recipientMail, RECIPIENT_SELECT } from './registrant-message-recipients.server.ts'

export type MessageSample = {
  /** The language of the readers this sample stands for. */
  locale: AppLocale
  /** The first recipient (in the desk's order) who reads this language; null: nobody does, shown with the first recipient. */
  recipient: { realName: string; email: string } | null
  message: RenderedEmail
}

export type MessagePreview = {
  recipients: number
  byStatus: Partial<Record<DeskStatus, number>>
  byLocale: Record<AppLocale, number>
  samples: MessageSample[]
}

/**
 * What a message to the desk's filtered registrants would be, before anything is written: how
 * many get it (by status and by language), and the mail as the first reader of each language
 * gets it. The template must have passed validateMessageTemplate.
 */
export async function previewRegistrantMessage(db: Db, eventId: string, query: DeskQuery, template: MessageTemplate): Promise<MessagePreview> {
  const ctx = await messageContext(db, eventId)
  const where = deskWhere(eventId, query)
  const [recipients, english, statuses] = await Promise.all([
    db.registration.count({ where }),
    db.registration.count({ where: { AND: [where, { user: { locale: 'en' } }] } }),
    db.registration.groupBy({ by: ['status'], where, _count: true }),
  ])
  const orderBy = deskOrderBy(query)
  const samples: MessageSample[] = []
  if (recipients > 0) {
    const first = (locale: 'zh_CN' | 'en') => db.registration.findFirst({ where: { AND: [where, { user: { locale } }] }, orderBy, select: RECIPIENT_SELECT })
    const [zh, en, any] = await Promise.all([first('zh_CN'), first('en'), db.registration.findFirst({ where, orderBy, select: RECIPIENT_SELECT })])
    for (const [locale, reader] of [
      ['zh-CN', zh],
      ['en', en],
    ] as const) {
      const shown = reader ?? any!
      samples.push({ locale, recipient: reader ? { realName: reader.user.realName, email: reader.user.email } : null, message: recipientMail(ctx, shown, template, locale).message })
    }
  }
  return {
    recipients,
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, s._count])),
    byLocale: { 'zh-CN': recipients - english, en: english },
    samples,
  }
}
