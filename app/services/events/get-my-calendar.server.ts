import type { AppLocale } from '~/domain/locale.ts'
import { agendaForumIds, attendeeCalendar, buildSchedule, forumCalendarLocation } from '~/domain/schedule.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEventPage } from './get-event-page.server.ts'

/**
 * A signed-in attendee's own calendar of one event (issue 15, "my agenda"): the sessions of the
 * forums they chose (the main forum when they chose none), less the breaks, only with a
 * CONFIRMED registration. LOCATION is the forum's venue and room, city and address, or "online"
 * with the forum's page. A pending, wait-listed, cancelled or rejected registration gets no calendar.
 */
export async function getMyCalendar(db: Db, input: { slug: string; userId: string; baseUrl: string; locale: AppLocale; onlineLabel: string }) {
  const page = await getEventPage(db, input.slug)
  const registration = await db.registration.findFirst({
    where: { userId: input.userId, event: { slug: input.slug } },
    select: { status: true, user: { select: { realName: true } }, agendaChoices: { select: { forumId: true } } },
  })
  if (registration?.status !== 'CONFIRMED') {
    throw new AppError('forbidden', 'Only attendees with a confirmed registration can download their own calendar of this event')
  }
  const chosen = agendaForumIds(
    page.forums,
    registration.agendaChoices.map((c) => c.forumId),
  )
  const forums = page.forums.filter((f) => chosen.includes(f.id))
  const locations = new Map(
    forums.map((f) => [f.slug, forumCalendarLocation(page.venues, f, input.locale, { label: input.onlineLabel, url: `${input.baseUrl}/events/${page.slug}/forums/${f.slug}/live` })]),
  )
  const schedule = attendeeCalendar(
    buildSchedule({ ...page, baseUrl: input.baseUrl }),
    forums.map((f) => f.slug),
  )
  return { schedule, attendeeName: registration.user.realName, locationOf: (forumSlug: string) => locations.get(forumSlug) }
}
