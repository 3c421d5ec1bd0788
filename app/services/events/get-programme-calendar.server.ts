import type { AppLocale } from '~/domain/locale.ts'
import { buildSchedule, forumCalendarLocation } from '~/domain/schedule.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEventPage } from './get-event-page.server.ts'

/**
 * The whole programme of a published event as a calendar (calendar.ics): every session, with
 * the UIDs an attendee's own calendar shares. LOCATION is where the forum is held, in the
 * reader's language — its venue and room, city and address (issue 15) — or "online" with the
 * forum's live page when it has no venue.
 */
export async function getProgrammeCalendar(db: Db, input: { slug: string; baseUrl: string; locale: AppLocale; onlineLabel: string }) {
  const page = await getEventPage(db, input.slug)
  const locations = new Map(
    page.forums.map((f) => [f.slug, forumCalendarLocation(page.venues, f, input.locale, { label: input.onlineLabel, url: `${input.baseUrl}/events/${page.slug}/forums/${f.slug}/live` })]),
  )
  return { schedule: buildSchedule({ ...page, baseUrl: input.baseUrl }), locationOf: (forumSlug: string) => locations.get(forumSlug) }
}
