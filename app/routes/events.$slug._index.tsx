import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DayTimetable } from '~/components/day-timetable.tsx'
import { LocalTime } from '~/components/local-time.tsx'
import { forumPath, SessionItem, SpeakerLink } from '~/components/programme.tsx'
import { orderForums, programmeByDay } from '~/domain/agenda.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange, formatDay, formatTime, zoneLabel } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { findMyRegistration } from '~/services/registration/find-my-registration.server.ts'
import { getEventPageCached } from '~/services/events/get-event-page.server.ts'
import { hasPermission } from '~/domain/permissions.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.titleZh} · ${data.event.titleEn}` : '404' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const db = getDb()
    const [event, user] = await Promise.all([getEventPageCached(db, slug), getOptionalUser(request)])
    // Venues whose check-in page this user may open: staff all, coordinators their own.
    const checkInVenueIds = user ? event.venues.filter((v) => hasPermission(user.role, 'checkin:venue:any') || v.coordinatorId === user.id).map((v) => v.id) : []
    // Anonymous visitors (the micro-cached crowd) never cost this query.
    const registration = user ? await findMyRegistration(db, { eventId: event.id, userId: user.id }) : null
    return { event, checkInVenueIds, registration }
  })
}

export default function EventPageRoute() {
  const { event, checkInVenueIds, registration } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const forums = orderForums(event.forums)
  const days = programmeByDay(forums, event.timeZone)
  const tz = event.timeZone
  return (
    <article className="page event-page">
      <header>
        <h1>{localized(locale, event.titleZh, event.titleEn)}</h1>
        <p className="meta">{formatDateRange(event.startsAt, event.endsAt, tz, locale)}</p>
        <p>{localized(locale, event.summaryZh, event.summaryEn)}</p>
        <p className="muted">{t('event.timeZoneNote', { zone: `${tz}, ${zoneLabel(event.startsAt, tz, locale)}` })}</p>
        <p>
          <Link to={`/events/${event.slug}/register`} className="button" data-testid="register-cta">
            {t('register.cta')}
          </Link>
        </p>
        {registration && registration.status !== 'CANCELLED' && registration.status !== 'REJECTED' ? (
          <p className="my-registration" data-testid="my-registration">
            <Link to={`/tickets/${registration.id}`}>{t('register.viewTicket')}</Link>
            {registration.status === 'CONFIRMED' ? (
              <>
                {' · '}
                <a href={`/events/${event.slug}/my-calendar.ics`} download data-testid="my-calendar-link">
                  {t('event.myCalendar')}
                </a>
              </>
            ) : null}
          </p>
        ) : null}
        <p className="exports">
          <a href={`/events/${event.slug}/calendar.ics`} download>
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
        <ul className="forum-list" data-testid="forum-list">
          {forums.map((f) => (
            <li key={f.id} className={`forum-card ${f.kind.toLowerCase()}`} data-forum-kind={f.kind}>
              <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span>
              <h3>
                <Link to={forumPath(event.slug, f.slug)}>{localized(locale, f.titleZh, f.titleEn)}</Link>
              </h3>
              <p className="meta">
                {formatDateRange(f.startsAt, f.endsAt, tz, locale)} {formatTime(f.startsAt, tz)}–{formatTime(f.endsAt, tz)}{' '}
                <LocalTime instant={f.startsAt} end={f.endsAt} eventTimeZone={tz} className="local-range" />
              </p>
              {f.hosts.length > 0 ? (
                <p>
                  {f.hosts.map((h) => (
                    <span key={h.speaker.id} className="host">
                      {t(h.role === 'CHAIR' ? 'event.chair' : 'event.guestChair')}
                      {locale === 'zh-CN' ? '：' : ': '}
                      <SpeakerLink speaker={h.speaker} slug={event.slug} locale={locale} />{' '}
                    </span>
                  ))}
                </p>
              ) : null}
              <p>{localized(locale, f.descriptionZh, f.descriptionEn)}</p>
            </li>
          ))}
        </ul>
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
              columns={d.columns.map(({ forum, sessions }) => ({
                id: forum.id,
                label: localized(locale, forum.titleZh, forum.titleEn),
                children: (
                  <>
                    <h4>
                      <Link to={forumPath(event.slug, forum.slug)}>{localized(locale, forum.titleZh, forum.titleEn)}</Link>
                    </h4>
                    <ol className="sessions">
                      {sessions.map((s) => (
                        <SessionItem key={s.id} session={s} slug={event.slug} timeZone={tz} locale={locale} />
                      ))}
                    </ol>
                  </>
                ),
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
