import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { verifyCertificate } from '~/services/credits/verify-certificate.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction = () => [{ title: '证书验证 · Certificate verification' }, { name: 'robots', content: 'noindex' }]

/**
 * Public: no login, whatever the event's state. A tampered or unknown code is a 404 page
 * that says so plainly, never an error page. Every look-up is counted (per certificate and day).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const result = await verifyCertificate(getDb(), String(params.code ?? ''))
  return data(result, { status: result.outcome === 'INVALID' ? 404 : 200 })
}

/**
 * A certificate's status changes (revoked, superseded): never cached, never indexed. Remix sends
 * a document's headers from this export only, not from the loader's response.
 */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })

export default function VerifyCertificate() {
  const result = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  if (result.outcome === 'INVALID' || !result.certificate) {
    return (
      <section className="page narrow verify" data-testid="verify-result" data-outcome="INVALID">
        <h1>{t('credits.verify.title')}</h1>
        <p className="verify-status verify-invalid" role="alert">
          {t('credits.verify.invalid')}
        </p>
        <p className="muted">{t('credits.verify.invalidHelp')}</p>
      </section>
    )
  }
  // Dates as the event's calendar has them, like the date inside the signed code.
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: result.certificate.timeZone, year: 'numeric', month: 'long', day: 'numeric' })
  const c = result.certificate
  return (
    <section className="page narrow verify" data-testid="verify-result" data-outcome={result.outcome}>
      <h1>{t('credits.verify.title')}</h1>
      <p className={`verify-status verify-${result.outcome.toLowerCase()}`} role="status" data-testid="verify-status">
        {result.outcome === 'VALID' ? t('credits.verify.valid') : null}
        {result.outcome === 'REVOKED' ? t('credits.verify.revoked', { date: c.revokedAt ? day(c.revokedAt) : '' }) : null}
        {result.outcome === 'SUPERSEDED' ? t('credits.verify.superseded', { date: c.supersededAt ? day(c.supersededAt) : '' }) : null}
      </p>
      {c.supersededByCode ? (
        <p>
          <a href={`/verify/${c.supersededByCode}`}>{t('credits.verify.newVersion')}</a>
        </p>
      ) : null}
      <dl className="verify-details">
        <dt>{t('credits.verify.name')}</dt>
        <dd data-testid="verify-name">{c.holderName}</dd>
        <dt>{t('credits.verify.activity')}</dt>
        <dd>
          {localized(locale, c.activityZh, c.activityEn)} · {localized(locale, c.ruleZh, c.ruleEn)}
        </dd>
        <dt>{t('credits.verify.credits')}</dt>
        <dd>
          {c.credits} · {t(`credits.scheme.${c.scheme}`)}
        </dd>
        <dt>{t('credits.verify.date')}</dt>
        <dd>{day(c.issuedAt)}</dd>
        <dt>{t('credits.verify.issuer')}</dt>
        <dd>{localized(locale, c.issuerZh, c.issuerEn)}</dd>
      </dl>
      <p className="muted">
        {t('credits.verify.offline')} <a href="/.well-known/certificate-signing-key">/.well-known/certificate-signing-key</a>
      </p>
    </section>
  )
}
