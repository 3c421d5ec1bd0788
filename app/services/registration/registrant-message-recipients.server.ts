import { fromDbLocale, localized, type AppLocale } from '~/domain/locale.ts'
import { DEFAULT_DESK_QUERY, deskSearchParams, type DeskQuery } from '~/domain/registration-desk.ts'
import { renderRegistrantMessage, versionFor, type MessageTemplate } from '~/domain/registrant-message.ts'
import type { RenderedEmail } from '~/domain/email.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import { publicBaseUrl } from '~/services/email/queue-confirmation-email.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** What every recipient's mail of an event shares: the event's names and the forum link. */
export type MessageContext = { event: { id: string; slug: string; titleZh: string; titleEn: string }; base: string; forumUrl: string }

/**
 * The event and the link `{{forum_link}}` stands for: the live page of its (first) main forum,
 * or the event page when it has none.
 */
export async function messageContext(db: Pick<Db, 'event'>, eventId: string): Promise<MessageContext> {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, titleZh: true, titleEn: true, forums: { where: { kind: 'MAIN' }, select: { slug: true }, orderBy: [{ position: 'asc' }, { startsAt: 'asc' }], take: 1 } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const base = publicBaseUrl()
  const { forums, ...rest } = event
  const main = forums[0]
  return { event: rest, base, forumUrl: main ? `${base}/events/${event.slug}/forums/${main.slug}/live` : `${base}/events/${event.slug}` }
}

export const RECIPIENT_SELECT = {
  id: true,
  user: { select: { id: true, email: true, realName: true, locale: true } },
  ticketType: { select: { nameZh: true, nameEn: true } },
} satisfies Prisma.RegistrationSelect
export type RecipientRow = Prisma.RegistrationGetPayload<{ select: typeof RECIPIENT_SELECT }>

/**
 * One recipient's mail: the version of their language (their account's locale; the other
 * version when theirs is not written), its placeholders filled in that language.
 */
export function recipientMail(
  ctx: MessageContext,
  recipient: RecipientRow,
  template: MessageTemplate,
  locale: AppLocale = fromDbLocale(recipient.user.locale),
): { locale: AppLocale; message: RenderedEmail } {
  const version = versionFor(locale, template)
  const message = renderRegistrantMessage(version, {
    name: recipient.user.realName,
    event: localized(version.locale, ctx.event.titleZh, ctx.event.titleEn),
    ticket: localized(version.locale, recipient.ticketType.nameZh, recipient.ticketType.nameEn),
    forum_link: ctx.forumUrl,
    ticket_link: `${ctx.base}/tickets/${recipient.id}`,
  })
  return { locale: version.locale, message }
}

/** The filter as logged and linked: the desk's URL query without its sort and page. */
export function messageFilter(query: DeskQuery): string {
  return deskSearchParams({ ...query, sort: DEFAULT_DESK_QUERY.sort, dir: DEFAULT_DESK_QUERY.dir, page: 1 }).toString()
}
