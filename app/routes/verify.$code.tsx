import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificateDetails, formStateOf, LookupAnswer, NumberLookupForm, type LookupActionData } from '~/components/certificate-verification.tsx'
import { CERTIFICATE_CODE_PREFIX } from '~/domain/certificate-code.ts'
import { certificateNumberOf, parseCertificateNumber } from '~/domain/certificate-number.ts'
import { DEFAULT_LOCALE } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { verifyCertificate } from '~/services/credits/verify-certificate.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('证书验证', 'Certificate verification', [{ name: 'robots', content: 'noindex' }])

/**
 * Public: no login, whatever the event's state. Two kinds of link (decision 017B):
 * - `/verify/C1.…`, the QR code's signed code: the certificate, as before. A tampered or
 *   unknown code is a 404 page that says so plainly, never an error page.
 * - `/verify/<number>`, the printed certificate number: nothing about the certificate, not
 *   even whether it exists, until the holder's name is given (the form posts to this page).
 *   Anything else is the same 404 page.
 * Every look-up is counted (per certificate and day).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = String(params.code ?? '')
  if (!code.startsWith(CERTIFICATE_CODE_PREFIX)) {
    const parsed = parseCertificateNumber(code)
    if (parsed) return data({ kind: 'number' as const, number: certificateNumberOf(parsed.typed) })
  }
  const result = await verifyCertificate(getDb(), code)
  return data({ kind: 'code' as const, ...result }, { status: result.outcome === 'INVALID' ? 404 : 200 })
}

/** The number's form: the same action as /verify (same service, same answers, same limits). */
export { action } from './verify._index.tsx'

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })

export default function VerifyCertificate() {
  const page = useLoaderData<typeof loader>()
  const answer = useActionData<LookupActionData>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  if (page.kind === 'number') {
    const found = answer?.kind === 'result' && answer.outcome !== 'INVALID'
    return (
      <section className="page narrow verify">
        <h1>{t('credits.verify.title')}</h1>
        <LookupAnswer answer={answer} locale={locale} />
        {found ? (
          <p>
            <Link to="/verify" reloadDocument>
              {t('credits.verify.another')}
            </Link>
          </p>
        ) : (
          <>
            {answer ? null : <p data-testid="verify-ask-name">{t('credits.verify.askName', { number: page.number })}</p>}
            <NumberLookupForm key={JSON.stringify(answer ?? null)} state={answer ? formStateOf(answer) : { values: { number: page.number, name: '' } }} />
          </>
        )}
      </section>
    )
  }
  if (page.outcome === 'INVALID' || !page.certificate) {
    return (
      <section className="page narrow verify" data-testid="verify-result" data-outcome="INVALID">
        <h1>{t('credits.verify.title')}</h1>
        <p className="verify-status verify-invalid" role="alert">
          {t('credits.verify.invalid')}
        </p>
        <p className="muted">{t('credits.verify.invalidHelp')}</p>
        <p>
          <Link to="/verify">{t('credits.verify.another')}</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="page narrow verify">
      <h1>{t('credits.verify.title')}</h1>
      <CertificateDetails outcome={page.outcome} certificate={page.certificate} locale={locale} />
    </section>
  )
}
