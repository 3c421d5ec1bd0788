import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { LocalTime } from '~/components/local-time.tsx'
import { orderForums, programmeByDay } from '~/domain/agenda.ts'
import { DEFAULT_LOCALE, localized, type AppLocale } from '~/domain/locale.ts'
import { formatDateRange, formatDay, formatTime, zoneLabel } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getEventPageCached, type EventPage } from '~/services/get-event-page.server.ts'
import { hasPermission } from '~/domain/permissions.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.titleZh} · ${data.event.titleEn}` : '404' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { slug } = parseParams(z.object({ slug: slugSchema }), params)
    const [event, user] = await Promise.all([getEventPageCached(getDb(), slug), getOptionalUser(request)])
    // Venues whose check-in page this user may open: staff all, coordinators their own.
    const checkInVenueIds = user ? event.venues.filter((v) => hasPermission(user.role, 'checkin:venue:any') || v.coordinatorId === user.id).map((v) => v.id) : []
    return { event, checkInVenueIds }
  })
}

type Forum = EventPage['forums'][number]
type Speaker = Forum['hosts'][number]['speaker']

function SpeakerName({ speaker, locale }: { speaker: Speaker; locale: AppLocale }) {
  const affiliation = localized(locale, speaker.affiliationZh, speaker.affiliationEn)
  return (
    <span className="speaker">
      {localized(locale, speaker.nameZh, speaker.nameEn)}
      {affiliation ? <span className="muted">{locale === 'zh-CN' ? `（${affiliation}）` : ` (${affiliation})`}</span> : null}
    </span>
  )
}

export default function EventPageRoute() {
  const { event, checkInVenueIds } = useLoaderData<typeof loader>()
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
        <p className="exports">
          <a href={`/events/${event.slug}/calendar.ics`} download>
            {t('event.addToCalendar')}
          </a>{' '}
          · <a href={`/events/${event.slug}/schedule.xml?lang=${locale}`}>{t('event.scheduleXml')}</a> ·{' '}
          <a href={`/events/${event.slug}/schedule.json`}>{t('event.scheduleJson')}</a>
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
              <h3>{localized(locale, f.titleZh, f.titleEn)}</h3>
              <p className="meta">
                {formatDateRange(f.startsAt, f.endsAt, tz, locale)} {formatTime(f.startsAt, tz)}–{formatTime(f.endsAt, tz)}
              </p>
              {f.hosts.length > 0 ? (
                <p>
                  {f.hosts.map((h) => (
                    <span key={h.speaker.id} className="host">
                      {t(h.role === 'CHAIR' ? 'event.chair' : 'event.guestChair')}
                      {locale === 'zh-CN' ? '：' : ': '}
                      <SpeakerName speaker={h.speaker} locale={locale} />{' '}
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
          <section key={d.day} className="programme-day">
            <h3>{formatDay(d.day, locale)}</h3>
            <div className="day-grid" style={{ '--columns': d.columns.length } as React.CSSProperties}>
              {d.columns.map(({ forum, sessions }) => (
                <div key={forum.id} className="forum-column">
                  <h4>{localized(locale, forum.titleZh, forum.titleEn)}</h4>
                  <ol className="sessions">
                    {sessions.map((s) => (
                      <li key={s.id} className={`session ${s.kind.toLowerCase()}`}>
                        <time dateTime={s.startsAt.toISOString()}>
                          {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                        </time>{' '}
                        <LocalTime instant={s.startsAt} eventTimeZone={tz} />
                        <div>
                          <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
                        </div>
                        {s.speakers.length > 0 ? (
                          <div className="muted">
                            {s.speakers.map((sp) => (
                              <SpeakerName key={sp.speaker.id} speaker={sp.speaker} locale={locale} />
                            ))}
                          </div>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
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

