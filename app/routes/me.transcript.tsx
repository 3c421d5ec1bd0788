import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { compactDateRange } from '~/domain/certificate-text.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { yearOf } from '~/domain/transcript.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { yearQuerySchema } from '~/schemas/credits.ts'
import { getTranscript } from '~/services/credits/get-my-credits.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('年度学分', 'Credit transcript')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { year } = parseParams(yearQuerySchema, Object.fromEntries(new URL(request.url).searchParams))
    return getTranscript(getDb(), user.id, year ?? yearOf(new Date().toISOString()))
  })
}

/** The yearly transcript for 学分核验: totals by scheme against China's 25-credit requirement. */
export default function Transcript() {
  const { user, years, transcript } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page credits">
      <p>
        <Link to="/me/credits">← {t('credits.mine.title')}</Link>
      </p>
      <h1>{t('credits.transcript.heading', { year: transcript.year })}</h1>
      <p>{user.realName}</p>
      <nav className="filters" aria-label={t('credits.transcript.years')}>
        {years.map((y) => (
          <Link key={y} to={`/me/transcript?year=${y}`} aria-current={y === transcript.year ? 'page' : undefined}>
            {y}
          </Link>
        ))}
      </nav>
      <p className={transcript.met ? 'transcript-met' : 'transcript-short'} data-testid="transcript-status">
        {transcript.met
          ? t('credits.transcript.met', { total: transcript.chinaTotal, required: transcript.required })
          : t('credits.transcript.short', { total: transcript.chinaTotal, required: transcript.required, shortfall: transcript.shortfall })}
      </p>
      <progress className="credit-progress" max={transcript.required} value={Math.min(transcript.chinaTotal, transcript.required)} />
      <table className="table">
        <thead>
          <tr>
            <th>{t('credits.transcript.scheme')}</th>
            <th>{t('credits.transcript.credits')}</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(transcript.totals) as (keyof typeof transcript.totals)[]).map((k) => (
            <tr key={k}>
              <td>{t(`credits.scheme.${k}`)}</td>
              <td>{transcript.totals[k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('credits.transcript.entries')}</h2>
      <ul>
        {transcript.entries.map((e) => (
          <li key={e.id}>
            {compactDateRange(new Date(e.event.startsAt), new Date(e.event.endsAt), e.event.timeZone)} · {localized(locale, e.event.titleZh, e.event.titleEn)} · {t(`credits.scheme.${e.scheme}`)}
            {e.rule.projectNumber ? ` · ${e.rule.projectNumber}` : ''} · {t('credits.creditsCount', { n: e.credits })}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/me/transcript.pdf?year=${transcript.year}`}>{t('credits.transcript.pdf')}</a>
      </p>
    </section>
  )
}
