import { renderConfirmationEmail } from '~/domain/email.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** Absolute links in emails: PUBLIC_URL, or this server's own address. */
export function publicBaseUrl(): string {
  const env = getEnv()
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
}

/**
 * Writes the "registration confirmed" email in the caller's transaction (a transactional
 * outbox), so a confirmation and its email commit together or not at all. The key holds
 * the confirmation time: a repeated trigger for the same confirmation is a no-op, while a
 * person who cancels and registers again gets a new message.
 */
export async function queueConfirmationEmail(tx: Tx, registrationId: string): Promise<void> {
  const reg = await tx.registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      status: true,
      confirmedAt: true,
      user: { select: { id: true, email: true, realName: true, locale: true } },
      ticketType: { select: { nameZh: true, nameEn: true } },
      event: { select: { slug: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true } },
    },
  })
  if (!reg || reg.status !== 'CONFIRMED' || !reg.confirmedAt) return
  const locale = fromDbLocale(reg.user.locale)
  const base = publicBaseUrl()
  const message = renderConfirmationEmail((key, values) => translate(locale, key, values), {
    realName: reg.user.realName,
    eventTitle: localized(locale, reg.event.titleZh, reg.event.titleEn),
    dates: formatDateRange(reg.event.startsAt, reg.event.endsAt, reg.event.timeZone, locale),
    ticketName: localized(locale, reg.ticketType.nameZh, reg.ticketType.nameEn),
    ticketUrl: `${base}/tickets/${reg.id}`,
    calendarUrl: `${base}/events/${reg.event.slug}/calendar.ics?lang=${locale}`,
  })
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `registration_confirmed:${reg.id}:${reg.confirmedAt.getTime()}`,
        kind: 'registration_confirmed',
        toAddress: reg.user.email,
        userId: reg.user.id,
        locale: reg.user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}
