import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formStateOf, LookupAnswer, NumberLookupForm, type LookupActionData } from '~/components/certificate-verification.tsx'
import { DEFAULT_LOCALE } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { verifyLookupSchema } from '~/schemas/credits.ts'
import { verifyCertificateByNumber } from '~/services/credits/verify-certificate.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { throttledActionResult } from '~/utils/retry-after.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('证书验证', 'Certificate verification', [{ name: 'robots', content: 'noindex' }])

/** Answers are about people and change (revoked, superseded): never cached, never indexed. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })

/**
 * Public, no login: the look-up by the printed certificate number and the holder's name
 * (decision 017B). A wrong name and an unknown number get the same 404 answer; too many
 * look-ups a 429 with Retry-After. /verify/<number> has the same action.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData())
  const values = { number: typeof form.number === 'string' ? form.number : '', name: typeof form.name === 'string' ? form.name : '' }
  const parsed = verifyLookupSchema.safeParse(form)
  if (!parsed.success) return data<LookupActionData>({ kind: 'form', errors: fieldErrors(parsed.error), code: 'validation_failed', values }, { status: 422 })
  return throttledActionResult(
    async () => {
      const result = await verifyCertificateByNumber(getDb(), parsed.data, auditContextFrom(request))
      // A refusal keeps what was typed (the caller's own input, nothing found).
      const answer: LookupActionData = result.outcome === 'INVALID' ? { kind: 'result', ...result, values } : { kind: 'result', ...result }
      return data(answer, { status: result.outcome === 'INVALID' ? 404 : 200 })
    },
    (error, retry): LookupActionData => ({ kind: 'form', code: error.code, values, retry: retry ?? undefined }),
  )
}

export default function VerifyLookup() {
  const { t } = useTranslation()
  const answer = useActionData<LookupActionData>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
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
          <p>{t('credits.verify.lookupIntro')}</p>
          <NumberLookupForm key={JSON.stringify(answer ?? null)} state={formStateOf(answer)} />
          <p className="muted">{t('credits.verify.scanHint')}</p>
        </>
      )}
    </section>
  )
}
