import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DayTimetable } from '~/components/day-timetable.tsx'
import { ForumCards, ProgrammeColumn, programmeDays, renderEventProgramme } from '~/components/event-programme.tsx'
import { HtmlFragment } from '~/components/html-fragment.tsx'
import { eventLifecycle, registrationOpen } from '~/domain/event-lifecycle.ts'
import { DEFAULT_LOCALE, localized, resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { formatDateRange, formatDay, zoneLabel } from '~/domain/time.ts'
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
    const { forums, ...event } = page
    const lifecycle = eventLifecycle(page, new Date())
    return { event, lifecycle, checkInVenueIds, registration, ...programmeOf(page, resolveLocale(cookie)) }
  })
}

/**
 * The forum cards and the programme: markup rendered once per event, language and data
 * version and shared by every visitor (app/utils/html-fragments.server.tsx), or with
 * PROGRAMME_HTML_CACHE=false the forums' data, rendered inline in every request.
 */
function programmeOf(page: EventPage, locale: AppLocale) {
  if (getEnv().PROGRAMME_HTML_CACHE === false) return { inline: page.forums, programme: null }
  const key = `event:${page.id}:${locale}:${eventPageVersion(page)}`
  const built = cachedFragments(key, () => renderEventProgramme(page, locale, (element) => renderFragment(locale, element)))
  return {
    inline: null,
    programme: {
      forumCards: shipFragment(`${key}:forums`, built.forumCards),
      days: built.days.map((d) => ({ day: d.day, columns: d.columns.map((c) => ({ head: c.head, fragment: shipFragment(`${key}:${d.day}:${c.head.id}`, c.html) })) })),
    },
  }
}

export default function EventPageRoute() {
  const { event, lifecycle, checkInVenueIds, registration, inline, programme } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const withForums = inline ? { slug: event.slug, timeZone: tz, forums: inline, venues: event.venues } : null
  const days = withForums
    ? programmeDays(withForums).map((d) => ({
        day: d.day,
        columns: d.columns.map(({ forum, sessions }) => ({ head: forum, fragment: null, children: <ProgrammeColumn event={withForums} forum={forum} sessions={sessions} locale={locale} /> })),
      }))
    : (programme?.days ?? []).map((d) => ({ day: d.day, columns: d.columns.map((c) => ({ ...c, children: null })) }))
  return (
    <article className="page event-page">
      <header>
        <h1>{localized(locale, event.titleZh, event.titleEn)}</h1>
        <p className="meta">{formatDateRange(event.startsAt, event.endsAt, tz, locale)}</p>
        <p>{localized(locale, event.summaryZh, event.summaryEn)}</p>
        <p className="muted">{t('event.timeZoneNote', { zone: `${tz}, ${zoneLabel(event.startsAt, tz, locale)}` })}</p>
        {registrationOpen(lifecycle) ? (
          <p>
            <Link to={`/events/${event.slug}/register`} className="button" data-testid="register-cta">
              {t('register.cta')}
            </Link>
          </p>
        ) : (
          <p className="notice" data-testid="registration-closed">
            <span className={`badge ${lifecycle}`}>{t(`events.${lifecycle === 'draft' ? 'upcoming' : lifecycle}`)}</span> {t('errors.registration_closed')}
          </p>
        )}
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

      {event.organisations.length > 0 ? (
        <section aria-labelledby="orgs">
          <h2 id="orgs">{t('event.organisations')}</h2>
          <dl className="orgs">
            {event.organisations
              .filter((o) => !o.forumId)
              .map((o, i) => (
                <div key={i}>
                  <dt>{t(`orgRole.${o.role}`)}</dt>
                  <dd>{localized(locale, o.organisation.nameZh, o.organisation.nameEn)}</dd>
                </div>
              ))}
          </dl>
        </section>
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

      {event.venues.length > 0 ? (
        <section aria-labelledby="venues">
          <h2 id="venues">{t('event.venues')}</h2>
          <ul className="venues">
            {event.venues.map((v) => (
              <li key={v.id}>
                <span className="badge">{t(v.kind === 'MAIN' ? 'event.mainVenue' : 'event.branchVenue')}</span> {localized(locale, v.nameZh, v.nameEn)}
                {v.city ? ` · ${v.city}` : ''}
                {v.capacity ? ` · ${t('event.capacity', { count: v.capacity })}` : ''}
                {checkInVenueIds.includes(v.id) ? (
                  <>
                    {' · '}
                    <Link to={`/checkin/${v.id}`} data-testid="checkin-link">
                      {t('checkin.submit')}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}
