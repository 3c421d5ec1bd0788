import { renderStageInvitationEmail } from '~/domain/email.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Writes the "you are invited on stage" e-mail in the caller's transaction (the outbox),
 * with the link to the forum's player (and, for an account made with the invitation, the link
 * that sets its password first). One per invitation: the key holds when it was made.
 */
export async function queueStageInvitationEmail(tx: Tx, input: { forumId: string; userId: string; invitedAt: Date; setPasswordToken?: string }) {
  const [forum, user] = await Promise.all([
    tx.forum.findUnique({
      where: { id: input.forumId },
      select: { slug: true, titleZh: true, titleEn: true, startsAt: true, event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } } },
    }),
    tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, realName: true, locale: true } }),
  ])
  if (!forum || !user) return
  const locale = fromDbLocale(user.locale)
  const tz = forum.event.timeZone
  const message = renderStageInvitationEmail((key, values) => translate(locale, key, values), {
    realName: user.realName,
    eventTitle: localized(locale, forum.event.titleZh, forum.event.titleEn),
    forumTitle: localized(locale, forum.titleZh, forum.titleEn),
    startsAt: `${formatDay(dayKey(forum.startsAt, tz), locale)} ${formatTime(forum.startsAt, tz)}`,
    playerUrl: `${publicBaseUrl()}/events/${forum.event.slug}/forums/${forum.slug}/live`,
    ...(input.setPasswordToken
      ? { setPasswordUrl: `${publicBaseUrl()}/reset-password/${input.setPasswordToken}?redirectTo=${encodeURIComponent(`/events/${forum.event.slug}/forums/${forum.slug}/live`)}` }
      : {}),
  })
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `stage_invitation:${input.forumId}:${user.id}:${input.invitedAt.getTime()}`,
        kind: 'stage_invitation',
        toAddress: user.email,
        userId: user.id,
        locale: user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}
