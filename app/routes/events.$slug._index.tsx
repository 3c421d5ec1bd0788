import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DayTimetable } from '~/components/day-timetable.tsx'
import { EventIntro, EventOrganisers, EventVenues, renderEventOverview } from '~/components/event-overview.tsx'
import { ForumCards, ProgrammeColumn, programmeDays, renderEventProgramme } from '~/components/event-programme.tsx'
import { HtmlFragment } from '~/components/html-fragment.tsx'
import { eventLifecycle, type EventLifecycle } from '~/domain/event-lifecycle.ts'
import { DEFAULT_LOCALE, localized, resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { formatDay } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { findMyRegistration } from '~/services/registration/find-my-registration.server.ts'
import { eventPageVersion, getEventPageCached, type EventPage } from '~/services/events/get-event-page.server.ts'
import { hasPermission } from '~/domain/permissions.ts'
import { getOptionalUser, registrationReadWithSession } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { cachedFragments, renderFragment, shipFragment } from '~/utils/html-fragments.server.tsx'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? metaText(matches, data.event.titleZh, data.event.titleEn) : '404' }]

const paramsSchema = z.object({ slug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(paramsSchema, params)
    const db = getDb()
    const [page, user, cookie] = await Promise.all([getEventPageCached(db, slug), getOptionalUser(request), localeCookie.parse(request.headers.get('Cookie'))])
    // Venues whose check-in page this user may open: staff all, coordinators their own.
    const checkInVenueIds = user ? page.venues.filter((v) => hasPermission(user.role, 'checkin:venue:any') || v.coordinatorId === user.id).map((v) => v.id) : []
    // Anonymous visitors (the micro-cached crowd) never cost this query; a signed-in visitor's
    // session look-up has read it already (one statement), unless the page's slug differs.
    const known = user ? await registrationReadWithSession(request, slug) : null
    const registration = user ? (known !== undefined ? known : await findMyRegistration(db, { eventId: page.id, userId: user.id })) : null
    const lifecycle = eventLifecycle(page, new Date())
    const locale = resolveLocale(cookie)
    const event = { id: page.id, slug: page.slug, titleZh: page.titleZh, titleEn: page.titleEn, timeZone: page.timeZone }
    // A coordinator's or staff member's venues carry check-in links: rendered for them, from the data.
    const venues = checkInVenueIds.length > 0 ? page.venues : null
    return { event, lifecycle, checkInVenueIds, registration, venues, ...programmeOf(page, locale, lifecycle) }
  })
}

/**
 * The shared parts of the page: its introduction, organisers and venues
 * (app/components/event-overview.tsx), the forum cards and the programme, as markup rendered
 * once per event, language, data version (and, for the introduction, stage of the event) and
 * shared by every visitor (app/utils/html-fragments.server.tsx); or with
 * PROGRAMME_HTML_CACHE=false, the data, rendered inline in every request.
 */
function programmeOf(page: EventPage, locale: AppLocale, lifecycle: EventLifecycle) {
  if (getEnv().PROGRAMME_HTML_CACHE === false) {
    const { forums, ...event } = page
    return { inline: { event, forums }, overview: null, programme: null }
  }
  const key = `event:${page.id}:${locale}:${eventPageVersion(page)}`
  const render = (element: ReactElement) => renderFragment(locale, element)
  const built = cachedFragments(key, () => renderEventProgramme(page, locale, render))
  const overview = cachedFragments(`${key}:${lifecycle}`, () => renderEventOverview(page, lifecycle, locale, render))
  const ship = (part: string, html: string | null) => (html === null ? null : shipFragment(`${key}:${part}`, html))
  return {
    inline: null,
    overview: { intro: ship(`intro:${lifecycle}`, overview.intro), organisers: ship('organisers', overview.organisers), venues: ship('venues', overview.venues) },
    programme: {
      forumCards: shipFragment(`${key}:forums`, built.forumCards),
      days: built.days.map((d) => ({ day: d.day, columns: d.columns.map((c) => ({ head: c.head, fragment: shipFragment(`${key}:${d.day}:${c.head.id}`, c.html) })) })),
    },
  }
}

export default function EventPageRoute() {
  const { event, lifecycle, checkInVenueIds, registration, venues, inline, overview, programme } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const withForums = inline ? { slug: event.slug, timeZone: tz, forums: inline.forums, venues: inline.event.venues } : null
  const days = withForums
    ? programmeDays(withForums).map((d) => ({
        day: d.day,
        columns: d.columns.map(({ forum, sessions }) => ({ head: forum, fragment: null, children: <ProgrammeColumn event={withForums} forum={forum} sessions={sessions} locale={locale} /> })),
      }))
    : (programme?.days ?? []).map((d) => ({ day: d.day, columns: d.columns.map((c) => ({ ...c, children: null })) }))
  const hasOrganisers = inline ? inline.event.organisations.length > 0 : Boolean(overview?.organisers)
  // Venues with a check-in link for this visitor are rendered here; all others are shared markup.
  const ownVenues = venues ?? (inline && inline.event.venues.length > 0 ? inline.event.venues : null)
  const checkIn = (venueId: string) =>
    checkInVenueIds.includes(venueId) ? (
      <>
        {' · '}
        <Link to={`/checkin/${venueId}`} data-testid="checkin-link">
          {t('checkin.submit')}
        </Link>
      </>
    ) : null
  return (
    <article className="page event-page">
      <header>
        <HtmlFragment id="event-intro" className="event-intro" fragment={overview?.intro}>
          {inline ? <EventIntro event={inline.event} lifecycle={lifecycle} locale={locale} /> : null}
        </HtmlFragment>
        {registration && registration.status !== 'CANCELLED' && registration.status !== 'REJECTED' ? (
          <p className="my-registration" data-testid="my-registration">
            <Link to={`/tickets/${registration.id}`}>{t('register.viewTicket')}</Link>
            {registration.status === 'CONFIRMED' ? (
              <>
                {' · '}
                <Link to={`/events/${event.slug}/my-agenda`} data-testid="my-agenda-link">
                  {t('myAgenda.link')}
                </Link>
                {' · '}
                <a href={`/events/${event.slug}/my-calendar.ics`} download data-testid="my-calendar-link">
                  {t('event.myCalendar')}
                </a>
              </>
            ) : null}
          </p>
        ) : null}
        <p className="exports">
          <a href={`/events/${event.slug}/calendar.ics?lang=${locale}`} download>
            {t('event.addToCalendar')}
          </a>{' '}
          · <a href={`/events/${event.slug}/schedule.xml?lang=${locale}`}>{t('event.scheduleXml')}</a> · <a href={`/events/${event.slug}/schedule.json`}>{t('event.scheduleJson')}</a>
        </p>
      </header>

      {hasOrganisers ? (
        <HtmlFragment as="section" id="event-organisers" aria-labelledby="orgs" fragment={overview?.organisers}>
          {inline ? <EventOrganisers event={inline.event} locale={locale} /> : null}
        </HtmlFragment>
      ) : null}

      <section aria-labelledby="forums">
        <h2 id="forums">{t('event.forums')}</h2>
        <HtmlFragment as="ul" id="forum-list" className="forum-list" data-testid="forum-list" fragment={programme?.forumCards}>
          {withForums ? <ForumCards event={withForums} locale={locale} /> : null}
        </HtmlFragment>
      </section>

      <section aria-labelledby="programme">
        <h2 id="programme">{t('event.programme')}</h2>
        {days.length === 0 ? <p>{t('event.noSessions')}</p> : null}
        {days.map((d) => (
          <section key={d.day} className="programme-day" aria-labelledby={`day-${d.day}`}>
            <h3 id={`day-${d.day}`}>{formatDay(d.day, locale)}</h3>
            <DayTimetable
              id={`day-${d.day}`}
              label={t('event.forumsOfDay', { day: formatDay(d.day, locale) })}
              columns={d.columns.map(({ head, fragment, children }) => ({
                id: head.id,
                label: localized(locale, head.titleZh, head.titleEn),
                fragment,
                children,
              }))}
            />
          </section>
        ))}
      </section>

      {ownVenues || overview?.venues ? (
        <HtmlFragment as="section" id="event-venues" aria-labelledby="venues" fragment={ownVenues ? null : overview?.venues}>
          {ownVenues ? <EventVenues venues={ownVenues} locale={locale} checkIn={checkIn} /> : null}
        </HtmlFragment>
      ) : null}
    </article>
  )
}
