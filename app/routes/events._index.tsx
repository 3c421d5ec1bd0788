import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { eventPhase } from '~/domain/agenda.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listPublishedEvents } from '~/services/events/list-published-events.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction = () => [{ title: '学术活动 · Events' }]

export async function loader(_args: LoaderFunctionArgs) {
  const events = await listPublishedEvents(getDb())
  return { events, now: new Date() }
}

export default function EventsIndex() {
  const { events, now } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page">
      <h1>{t('events.title')}</h1>
      {events.length === 0 ? <p>{t('events.empty')}</p> : null}
      <ul className="event-list">
        {events.map((e) => {
          const phase = eventPhase(e, now)
          return (
            <li key={e.id} className="event-card">
              <Link to={`/events/${e.slug}`}>
                <h2>{localized(locale, e.titleZh, e.titleEn)}</h2>
              </Link>
              <p className="meta">
                <span className={`badge ${phase}`}>{t(`events.${phase}`)}</span> {formatDateRange(e.startsAt, e.endsAt, e.timeZone, locale)} · {t('events.forumsCount', { count: e._count.forums })}
              </p>
              <p>{localized(locale, e.summaryZh, e.summaryEn)}</p>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
