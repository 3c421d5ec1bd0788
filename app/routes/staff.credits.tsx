import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listCreditEvents } from '~/services/credits/list-credit-events.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('学分与证书', 'Credits and certificates')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'issue:certificate:any')
    return { events: await listCreditEvents(getDb()) }
  })
}

/** Every event that carries credit, archived ones included, each linking to its credit page. */
export default function StaffCreditEvents() {
  const { events } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page staff">
      <p>
        <Link to="/staff">← {t('staff.title')}</Link>
      </p>
      <h1>{t('credits.staff.title')}</h1>
      {events.length === 0 ? <p className="muted">{t('credits.staff.noRules')}</p> : null}
      <ul data-testid="credit-events">
        {events.map((e) => (
          <li key={e.id}>
            <Link to={`/staff/events/${e.id}/credits`}>{localized(locale, e.titleZh, e.titleEn)}</Link> · {new Date(e.startsAt).toLocaleDateString(locale, { timeZone: e.timeZone })} ·{' '}
            {t('credits.staff.rules')} {e._count.creditRules} · {t('credits.staff.certificates')} {e._count.certificates}
          </li>
        ))}
      </ul>
    </section>
  )
}
