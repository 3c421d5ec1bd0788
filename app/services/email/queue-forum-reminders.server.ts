import { emailPriority } from '~/domain/email.ts'
import { reminderDedupeKey, reminderDue, reminderPassKey, renderForumReminderEmail, type ReminderKind } from '~/domain/automatic-mails.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { dayKey, formatDay, formatTime, zoneLabel } from '~/domain/time.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { emailConfigured } from './mailer.server.ts'
import { mailForumFollowers, type ForumFollower } from './forum-followers.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

/**
 * Queues the reminders that are due (app/domain/automatic-mails.ts reminderDue: the day before
 * and the hour before) for every forum of a published event that has them switched on, to the
 * confirmed registrants who follow the forum. One pass per forum and reminder, remembered in
 * AutomaticMailPass; each mail is unique by its dedupe key, so a pass cut short and run again
 * sends nobody anything twice. Returns how many mails were queued.
 */
export async function queueForumReminders(db: Db, now: Date): Promise<number> {
  const forums = await db.forum.findMany({
    where: { startsAt: { gt: now, lte: new Date(now.getTime() + 24 * 3_600_000) }, liveStatus: { not: 'ENDED' }, event: { status: 'PUBLISHED', mailForumReminders: true } },
    select: {
      id: true,
      slug: true,
      kind: true,
      eventId: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } },
    },
  })
  let queued = 0
  for (const forum of forums) {
    const kind = reminderDue(forum.startsAt, now)
    if (!kind) continue
    const pass = await mailForumFollowers(db, forum, reminderPassKey(kind, forum.id), (f) => reminderMessage(kind, forum, f))
    if (!pass) continue
    queued += pass.queued
    logger.info({ forumId: forum.id, kind, recipients: pass.recipients }, 'forum reminders queued')
  }
  return queued
}

type ReminderForum = { id: string; slug: string; titleZh: string; titleEn: string; startsAt: Date; event: { slug: string; titleZh: string; titleEn: string; timeZone: string } }

function reminderMessage(kind: ReminderKind, forum: ReminderForum, follower: ForumFollower) {
  const locale = fromDbLocale(follower.user.locale)
  const tz = forum.event.timeZone
  const base = publicBaseUrl()
  const message = renderForumReminderEmail((key, values) => translate(locale, key, values), kind, {
    realName: follower.user.realName,
    eventTitle: localized(locale, forum.event.titleZh, forum.event.titleEn),
    forumTitle: localized(locale, forum.titleZh, forum.titleEn),
    startsAt: `${formatDay(dayKey(forum.startsAt, tz), locale)} ${formatTime(forum.startsAt, tz)} (${zoneLabel(forum.startsAt, tz, locale)})`,
    liveUrl: `${base}/events/${forum.event.slug}/forums/${forum.slug}/live`,
    agendaUrl: `${base}/events/${forum.event.slug}/my-agenda`,
  })
  return {
    dedupeKey: reminderDedupeKey(kind, forum.id, follower.registrationId),
    kind: `forum_reminder_${kind}`,
    priority: emailPriority(`forum_reminder_${kind}`),
    toAddress: follower.user.email,
    userId: follower.user.id,
    locale: follower.user.locale,
    ...message,
    status: emailConfigured() ? ('QUEUED' as const) : ('OUTBOX' as const),
  }
}
