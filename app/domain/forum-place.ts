import { localized, type AppLocale } from './locale.ts'

/**
 * Where a forum is held (issue 15, "venue and room"): the venue that shows it and its room
 * there, for pages, cards and the calendars' LOCATION (app/domain/schedule.ts). Pure, and
 * without node modules, so pages render it in the browser too.
 */

export type AgendaVenue = { kind: 'MAIN' | 'BRANCH'; forumId: string | null; nameZh: string; nameEn: string; city: string; address: string }

/**
 * Where a forum takes place for the calendar's LOCATION: a venue that shows this forum, else
 * the event's main venue when it shows every forum; null when the forum is online only.
 */
export function venueForForum<V extends AgendaVenue>(venues: readonly V[], forumId: string): V | null {
  return venues.find((v) => v.forumId === forumId && v.kind === 'MAIN') ?? venues.find((v) => v.forumId === forumId) ?? venues.find((v) => v.forumId === null && v.kind === 'MAIN') ?? null
}

/** A forum's room, in both languages; '' when it has none (issue 15, "venue and room"). */
export type ForumRoom = { roomZh: string; roomEn: string }

/**
 * The forum's room in the reader's language, where it applies. A room is one of the main
 * venue's (a sub-forum is held in a room of the event's venue), so it is named with a MAIN
 * venue, or on its own before a venue is set; a branch venue shows the forum in a hall of its
 * own, and the main venue's room would send its audience to the wrong place.
 */
export function roomFor(venue: { kind: 'MAIN' | 'BRANCH' } | null, forum: ForumRoom, locale: AppLocale): string {
  if (venue?.kind === 'BRANCH') return ''
  return localized(locale, forum.roomZh.trim(), forum.roomEn.trim())
}

/** "Venue · room" for pages and calendars: the venue alone without a room, the room alone without a venue. */
export function placeName(venueName: string, room: string): string {
  return [venueName, room]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' · ')
}

/**
 * Where a forum is held, for its page and the programme's cards: "venue · room, city" in the
 * reader's language; the room alone before a venue is set; '' when it has neither (online only).
 */
export function forumPlace(venue: { kind: 'MAIN' | 'BRANCH'; nameZh: string; nameEn: string; city: string } | null, forum: ForumRoom, locale: AppLocale): string {
  const place = placeName(venue ? localized(locale, venue.nameZh, venue.nameEn) : '', roomFor(venue, forum, locale))
  return [place, venue?.city.trim() ?? ''].filter((part) => part !== '').join(locale === 'en' ? ', ' : '，')
}
