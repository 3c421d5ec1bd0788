import { programmeByDay } from '~/domain/agenda.ts'
import { venueForForum } from '~/domain/forum-place.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { eventPageVersion, getEventPage, getEventPageCached, type EventPage } from './get-event-page.server.ts'

type LoadEvent = (db: Db, slug: string) => Promise<EventPage>

/**
 * The public page of one forum: where it is held, its chairs (主持 / 嘉宾主持), its
 * organisations and its programme day by day. Built from the event page's data, so it is cached with it and
 * forgotten with it (`forgetEventPage`).
 */
export async function getForumPage(db: Db, input: { slug: string; forumSlug: string }, loadEvent: LoadEvent = getEventPage) {
  const event = await loadEvent(db, input.slug)
  const forum = event.forums.find((f) => f.slug === input.forumSlug)
  if (!forum) throw new AppError('not_found', `No forum ${input.forumSlug} in event ${input.slug}`)
  const venue = venueForForum(event.venues, forum.id)
  return {
    event: { slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, timeZone: event.timeZone },
    forum,
    /** Where it is held (with the forum's room, app/domain/schedule.ts `roomFor`); null: online only. */
    venue: venue && { kind: venue.kind, nameZh: venue.nameZh, nameEn: venue.nameEn, city: venue.city, address: venue.address },
    organisations: event.organisations.filter((o) => o.forumId === forum.id),
    days: programmeByDay([forum], event.timeZone).map((d) => ({ day: d.day, sessions: d.columns[0]?.sessions ?? [] })),
    /** The event page's data version (a forum page shows part of it). */
    version: eventPageVersion(event),
  }
}

export function getForumPageCached(db: Db, input: { slug: string; forumSlug: string }) {
  return getForumPage(db, input, getEventPageCached)
}

export type ForumPage = Awaited<ReturnType<typeof getForumPage>>
