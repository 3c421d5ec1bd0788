import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listMyForums } from '~/services/live/list-my-forums.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('我的论坛', 'My forums')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    return { forums: await listMyForums(getDb(), user.id, new Date()) }
  })
}

/** Moderators and speakers: each forum they are assigned to, its time, and the way on stage. */
export default function MyForums() {
  const { forums } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page narrow">
      <h1>{t('myForums.title')}</h1>
      <p className="meta">{t('myForums.intro')}</p>
      {forums.length === 0 ? <p>{t('myForums.none')}</p> : null}
      <ul className="event-list" data-testid="my-forums">
        {forums.map((f) => {
          const base = `/events/${f.event.slug}/forums/${f.slug}`
          return (
            <li key={f.id} className="event-card" data-testid={`my-forum-${f.slug}`}>
              <strong>{localized(locale, f.titleZh, f.titleEn)}</strong> · <Link to={`/events/${f.event.slug}`}>{localized(locale, f.event.titleZh, f.event.titleEn)}</Link>
              <p className="meta">
                {formatDateRange(f.startsAt, f.endsAt, f.event.timeZone, locale)} ·{' '}
                {joinList(
                  locale,
                  f.roles.map((r) => t(`myForums.roles.${r}`)),
                )}
                {f.liveStatus === 'LIVE' ? <span className="badge live"> {t('myForums.onAir')}</span> : null}
                {f.past ? <span className="badge"> {t('myForums.past')}</span> : null}
              </p>
              <p>
                {f.link === 'console' ? (
                  <Link to={`${base}/console`} className="button">
                    {t('myForums.console')}
                  </Link>
                ) : (
                  <Link to={`${base}/live`} className="button">
                    {t('myForums.stage')}
                  </Link>
                )}{' '}
                <Link to={base}>{t('myForums.forumPage')}</Link>
              </p>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
