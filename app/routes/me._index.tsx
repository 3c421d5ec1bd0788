import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listMyReplays } from '~/services/broadcast/list-my-replays.server.ts'
import { listMyRegistrations } from '~/services/registration/list-my-registrations.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('我的报名', 'My registrations')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const [registrations, replays] = await Promise.all([listMyRegistrations(getDb(), user.id), listMyReplays(getDb(), user.id)])
    return { registrations, replays }
  })
}

/** The attendee's home: every registration with its status and a way to its ticket. */
export default function MyRegistrations() {
  const { registrations, replays } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page narrow">
      <h1>{t('me.title')}</h1>
      <p>
        <Link to="/me/credits">{t('me.credits')}</Link> · <Link to="/me/transcript">{t('me.transcript')}</Link> · <Link to="/me/forums">{t('me.forums')}</Link> ·{' '}
        <Link to="/profile">{t('nav.profile')}</Link>
      </p>
      {registrations.length === 0 ? (
        <p>
          {t('me.none')} <Link to="/events">{t('nav.events')}</Link>
        </p>
      ) : null}
      <ul className="event-list" data-testid="my-registrations">
        {registrations.map((r) => (
          <li key={r.id} className="event-card">
            <Link to={`/events/${r.event.slug}`}>
              <strong>{localized(locale, r.event.titleZh, r.event.titleEn)}</strong>
            </Link>
            <p className="meta">
              {formatDateRange(r.event.startsAt, r.event.endsAt, r.event.timeZone, locale)} · {localized(locale, r.ticketType.nameZh, r.ticketType.nameEn)}
            </p>
            <p>
              <span className="badge" data-status={r.status}>
                {t(`ticket.status.${r.status}`)}
              </span>{' '}
              <Link to={`/tickets/${r.id}`}>{t('me.ticket')}</Link>
            </p>
            {replays.some((f) => f.event.slug === r.event.slug) ? (
              <ul className="replay-links" data-testid="my-replays">
                {replays
                  .filter((f) => f.event.slug === r.event.slug)
                  .map((f) => (
                    <li key={f.id}>
                      <Link to={`/events/${f.event.slug}/forums/${f.slug}/replay`}>
                        {t('replay.link')} · {localized(locale, f.titleZh, f.titleEn)}
                      </Link>
                    </li>
                  ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
