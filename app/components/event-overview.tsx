import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { registrationOpen, type EventLifecycle } from '~/domain/event-lifecycle.ts'
import { localized, type AppLocale } from '~/domain/locale.ts'
import { formatDateRange, zoneLabel } from '~/domain/time.ts'

/**
 * The public parts of the event page around its programme: the introduction (title, dates,
 * summary, zone, the register button or why registration is closed), the organisers and the
 * venues. The same for every visitor who reads the page in one language at one stage of the
 * event, so, like the programme (app/components/event-programme.tsx), they are rendered to
 * markup once and shared (app/utils/html-fragments.server.tsx), or inline with
 * PROGRAMME_HTML_CACHE=false. What is personal (the visitor's ticket links, a coordinator's
 * check-in links) stays in the page's own React render.
 *
 * Static markup: the register button is a plain link marked `data-client-nav`.
 */
export type OverviewEvent = {
  slug: string
  titleZh: string
  titleEn: string
  summaryZh: string
  summaryEn: string
  timeZone: string
  startsAt: Date
  endsAt: Date
  organisations: { role: string; forumId: string | null; organisation: { nameZh: string; nameEn: string } }[]
  venues: OverviewVenue[]
}
export type OverviewVenue = { id: string; kind: string; nameZh: string; nameEn: string; city: string | null; capacity: number | null }

export function EventIntro({ event, lifecycle, locale }: { event: OverviewEvent; lifecycle: EventLifecycle; locale: AppLocale }) {
  const { t } = useTranslation()
  const tz = event.timeZone
  return (
    <>
      <h1>{localized(locale, event.titleZh, event.titleEn)}</h1>
      <p className="meta">{formatDateRange(event.startsAt, event.endsAt, tz, locale)}</p>
      <p>{localized(locale, event.summaryZh, event.summaryEn)}</p>
      <p className="muted">{t('event.timeZoneNote', { zone: `${tz}, ${zoneLabel(event.startsAt, tz, locale)}` })}</p>
      {registrationOpen(lifecycle) ? (
        <p>
          <a href={`/events/${event.slug}/register`} className="button" data-testid="register-cta" data-client-nav="">
            {t('register.cta')}
          </a>
        </p>
      ) : (
        <p className="notice" data-testid="registration-closed">
          <span className={`badge ${lifecycle}`}>{t(`events.${lifecycle === 'draft' ? 'upcoming' : lifecycle}`)}</span> {t('errors.registration_closed')}
        </p>
      )}
    </>
  )
}

/** The event's own organisers (a forum's are on its page), or nothing. */
export function EventOrganisers({ event, locale }: { event: OverviewEvent; locale: AppLocale }) {
  const { t } = useTranslation()
  return (
    <>
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
    </>
  )
}

/**
 * The venues; `checkIn` adds what a venue's coordinator (or staff) sees after a venue: the
 * link to its check-in page. Shared markup has none.
 */
export function EventVenues({ venues, locale, checkIn }: { venues: readonly OverviewVenue[]; locale: AppLocale; checkIn?: (venueId: string) => ReactElement | null }) {
  const { t } = useTranslation()
  return (
    <>
      <h2 id="venues">{t('event.venues')}</h2>
      <ul className="venues">
        {venues.map((v) => (
          <li key={v.id}>
            <span className="badge">{t(v.kind === 'MAIN' ? 'event.mainVenue' : 'event.branchVenue')}</span> {localized(locale, v.nameZh, v.nameEn)}
            {v.city ? ` · ${v.city}` : ''}
            {v.capacity ? ` · ${t('event.capacity', { count: v.capacity })}` : ''}
            {checkIn?.(v.id) ?? null}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The overview as markup, for the fragments cache. */
export function renderEventOverview(event: OverviewEvent, lifecycle: EventLifecycle, locale: AppLocale, render: (element: ReactElement) => string) {
  return {
    intro: render(<EventIntro event={event} lifecycle={lifecycle} locale={locale} />),
    organisers: event.organisations.length > 0 ? render(<EventOrganisers event={event} locale={locale} />) : null,
    venues: event.venues.length > 0 ? render(<EventVenues venues={event.venues} locale={locale} />) : null,
  }
}
