import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EVENT_TOPICS, topicLabel } from '~/domain/event-topics.ts'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { parseEventListQuery, type EventListQuery } from '~/schemas/event-list.ts'
import { listPublishedEvents } from '~/services/events/list-published-events.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('学术活动', 'Events')

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseEventListQuery(request.url)
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]))
    return data({ events: [], query: {} as EventListQuery, fields, filtered: true }, { status: 400 })
  }
  const events = await listPublishedEvents(getDb(), parsed.data)
  return { events, query: parsed.data, fields: {} as Record<string, string>, filtered: Object.keys(parsed.data).length > 0 }
}

export default function EventsIndex() {
  const { events, query, fields, filtered } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const firstPast = events.findIndex((e) => e.lifecycle === 'ended' || e.lifecycle === 'archived')
  const fieldError = (name: string) => (fields[name] ? <span className="field-error">{t(fields[name]!)}</span> : null)
  return (
    <section className="page">
      <h1>{t('events.title')}</h1>
      <Form method="get" className="event-search" role="search" aria-label={t('events.search')}>
        <input type="search" name="q" defaultValue={query.q ?? ''} placeholder={t('events.searchPlaceholder')} aria-label={t('events.search')} maxLength={100} />
        <label>
          {t('events.from')} <input type="date" name="from" defaultValue={query.from ?? ''} />
          {fieldError('from')}
        </label>
        <label>
          {t('events.to')} <input type="date" name="to" defaultValue={query.to ?? ''} />
          {fieldError('to')}
        </label>
        <label>
          {t('events.attend')}{' '}
          <select name="attend" defaultValue={query.attend ?? ''}>
            <option value="">{t('events.attendAny')}</option>
            <option value="online">{t('events.attendOnline')}</option>
            <option value="venue">{t('events.attendVenue')}</option>
          </select>
        </label>
        <label>
          {t('topicsRooms.filter')}{' '}
          <select name="topic" defaultValue={query.topic ?? ''}>
            <option value="">{t('topicsRooms.filterAny')}</option>
            {EVENT_TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {topicLabel(topic, locale)}
              </option>
            ))}
          </select>
          {fieldError('topic')}
        </label>
        <label>
          {t('events.when')}{' '}
          <select name="when" defaultValue={query.when ?? ''}>
            <option value="">{t('events.whenAny')}</option>
            <option value="upcoming">{t('events.whenUpcoming')}</option>
            <option value="past">{t('events.whenPast')}</option>
          </select>
        </label>
        <button type="submit">{t('events.submit')}</button> {filtered ? <Link to="/events">{t('events.reset')}</Link> : null}
      </Form>
      {Object.keys(fields).length > 0 ? (
        <p className="form-error" role="alert">
          {t('events.badQuery')}
        </p>
      ) : null}
      {filtered && Object.keys(fields).length === 0 ? <p className="meta">{t('events.results', { count: events.length })}</p> : null}
      {events.length === 0 && Object.keys(fields).length === 0 ? <p>{filtered ? t('events.noMatch') : t('events.empty')}</p> : null}
      <ul className="event-list">
        {events.map((e, i) => (
          <li key={e.id} className="event-card">
            {i === firstPast && i > 0 ? <h2 className="event-list-divider">{t('events.pastHeading')}</h2> : null}
            <Link to={`/events/${e.slug}`}>
              <h2>{localized(locale, e.titleZh, e.titleEn)}</h2>
            </Link>
            <p className="meta">
              <span className={`badge ${e.lifecycle}`}>{t(`events.${e.lifecycle === 'draft' ? 'upcoming' : e.lifecycle}`)}</span> {formatDateRange(e.startsAt, e.endsAt, e.timeZone, locale)} ·{' '}
              {t('events.forumsCount', { count: e._count.forums })}
              {e.venues.some((v) => v.city) ? (
                <>
                  {' '}
                  ·{' '}
                  {t('events.cities', {
                    cities: joinList(
                      locale,
                      e.venues.map((v) => v.city).filter((c): c is string => Boolean(c)),
                    ),
                  })}
                </>
              ) : null}
            </p>
            {e.topics.length > 0 ? (
              <p className="topics" data-testid="event-topics">
                <span className="sr-only">{t('topicsRooms.cardTopics')}</span>
                {e.topics.map((topic) => (
                  <Link key={topic} to={`/events?topic=${topic}`} className="badge topic" data-topic={topic}>
                    {topicLabel(topic, locale)}
                  </Link>
                ))}
              </p>
            ) : null}
            <p>{localized(locale, e.summaryZh, e.summaryEn)}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
