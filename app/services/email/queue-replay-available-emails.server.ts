import { emailPriority } from '~/domain/email.ts'
import { renderReplayAvailableEmail, replayDedupeKey, replayPassKey } from '~/domain/automatic-mails.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { emailConfigured } from './mailer.server.ts'
import { mailForumFollowers, type ForumFollower } from './forum-followers.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

/** A replay published longer ago than this is not announced any more (a switch turned on late). */
const ANNOUNCE_WITHIN_MS = 7 * 24 * 3_600_000

/**
 * "The replay is available": once a forum's replay is published and open (inside its window),
 * to the confirmed registrants who follow the forum, once per forum whatever happens to its
 * replays later (unpublished and published again, a second recording). Events switch it off
 * with mailReplayAvailable. Returns how many mails were queued.
 */
export async function queueReplayAvailableEmails(db: Db, now: Date): Promise<number> {
  const replays = await db.replay.findMany({
    where: {
      published: true,
      publishedAt: { gte: new Date(now.getTime() - ANNOUNCE_WITHIN_MS) },
      OR: [{ availableFrom: null }, { availableFrom: { lte: now } }],
      AND: [{ OR: [{ availableUntil: null }, { availableUntil: { gt: now } }] }],
      forum: { event: { status: { not: 'DRAFT' }, mailReplayAvailable: true } },
    },
    select: {
      availableUntil: true,
      forum: {
        select: { id: true, slug: true, kind: true, eventId: true, titleZh: true, titleEn: true, event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } } },
      },
    },
    orderBy: { publishedAt: 'asc' },
  })
  let queued = 0
  const done = new Set<string>()
  for (const { forum, availableUntil } of replays) {
    const passKey = replayPassKey(forum.id)
    if (done.has(passKey)) continue
    done.add(passKey)
    const pass = await mailForumFollowers(db, forum, passKey, (f) => replayMessage(forum, availableUntil, f))
    if (!pass) continue
    queued += pass.queued
    logger.info({ forumId: forum.id, recipients: pass.recipients }, 'replay-available mails queued')
  }
  return queued
}

type ReplayForum = { id: string; slug: string; titleZh: string; titleEn: string; event: { slug: string; titleZh: string; titleEn: string; timeZone: string } }

function replayMessage(forum: ReplayForum, availableUntil: Date | null, follower: ForumFollower) {
  const locale = fromDbLocale(follower.user.locale)
  const tz = forum.event.timeZone
  const message = renderReplayAvailableEmail((key, values) => translate(locale, key, values), {
    realName: follower.user.realName,
    eventTitle: localized(locale, forum.event.titleZh, forum.event.titleEn),
    forumTitle: localized(locale, forum.titleZh, forum.titleEn),
    until: availableUntil ? `${formatDay(dayKey(availableUntil, tz), locale)} ${formatTime(availableUntil, tz)}` : null,
    replayUrl: `${publicBaseUrl()}/events/${forum.event.slug}/forums/${forum.slug}/replay`,
  })
  return {
    dedupeKey: replayDedupeKey(forum.id, follower.registrationId),
    kind: 'replay_available',
    priority: emailPriority('replay_available'),
    toAddress: follower.user.email,
    userId: follower.user.id,
    locale: follower.user.locale,
    ...message,
    status: emailConfigured() ? ('QUEUED' as const) : ('OUTBOX' as const),
  }
}
