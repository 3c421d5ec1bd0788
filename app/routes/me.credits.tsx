import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CertificateState, StandingWords } from '~/components/credits/certificate-state.tsx'
import { usePollWhile } from '~/components/credits/use-poll-while.ts'
import type { ExplanationPart } from '~/domain/credit-explanation.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getMyCredits } from '~/services/credits/get-my-credits.server.ts'
import { setCreditReportingConsent } from '~/services/credits/set-credit-reporting-consent.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('我的学分', 'My credits')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    return getMyCredits(getDb(), user.id)
  })
}

export async function action({ request }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const form = await request.formData()
    await setCreditReportingConsent(getDb(), user.id, form.get('consent') === 'give', auditContextFrom(request, user.id))
    return { ok: true }
  })
}

function Part({ part }: { part: ExplanationPart }) {
  const { t } = useTranslation()
  return (
    <span className={`criterion ${part.met ? 'met' : 'unmet'}`} data-met={part.met}>
      {part.met ? '✓ ' : '○ '}
      {t(`credits.explain.${part.key === 'credits' && !part.met ? 'noCredit' : part.key === 'minutes' && part.required === 0 ? 'minutesPlain' : part.key}`, part)}
    </span>
  )
}

/** The attendee's credits: each rule's criteria with the numbers, and certificates to download. */
export default function MyCredits() {
  const { events, certificates, consentAt, amaApplies } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  // While the queue issues a certificate, the page asks again by itself until it is there.
  const issuing = events.some((e) => e.rules.some((r) => r.issuing))
  usePollWhile(issuing)
  // A certificate's date is its event's calendar day; the consent date is the association's.
  const day = (d: Date | string, timeZone = 'Asia/Shanghai') => new Date(d).toLocaleDateString(locale, { timeZone })
  return (
    <section className="page credits">
      <h1>{t('credits.mine.title')}</h1>
      <p>
        <Link to="/me/transcript">{t('credits.transcript.title')}</Link>
      </p>
      <h2>{t('credits.mine.certificates')}</h2>
      {certificates.length === 0 ? <p className="muted">{t('credits.mine.noCertificates')}</p> : null}
      <ul className="certificate-list" data-testid="certificates">
        {certificates.map((c) => (
          <li key={c.id} id={`certificate-${c.id}`} data-status={c.status} data-testid="certificate">
            <strong>{localized(locale, c.event.titleZh, c.event.titleEn)}</strong> · {localized(locale, c.rule.nameZh, c.rule.nameEn)} · {t('credits.creditsCount', { n: c.credits })} ·{' '}
            <CertificateState certificate={c} ruleActive={c.rule.active} day={(d) => day(d, c.event.timeZone)} /> · {day(c.issuedAt, c.event.timeZone)}
            {c.version > 1 ? ` · v${c.version}` : ''} ·{' '}
            <a href={`/me/certificates/${c.id}.pdf`} download data-testid="certificate-pdf">
              {t('credits.mine.download')}
            </a>{' '}
            · <a href={`/verify/${c.code}`}>{t('credits.mine.verifyLink')}</a>
          </li>
        ))}
      </ul>
      {/* Asked only of someone an AMA PRA rule applies to; a consent already given can always be withdrawn. */}
      {amaApplies || consentAt ? (
        <>
          <h2>{t('credits.mine.consentTitle')}</h2>
          <Form method="post" className="consent" data-testid="ama-consent">
            <p>{consentAt ? t('credits.mine.consentGiven', { date: day(consentAt) }) : t('credits.mine.consentText')}</p>
            <button type="submit" name="consent" value={consentAt ? 'withdraw' : 'give'} className={consentAt ? 'secondary small' : 'small'}>
              {consentAt ? t('credits.mine.consentWithdraw') : t('credits.mine.consentGive')}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t('credits.mine.progress')}</h2>
      {events.length === 0 ? <p className="muted">{t('credits.mine.noEvents')}</p> : null}
      {issuing ? (
        <p className="muted" role="status" data-testid="auto-refresh">
          {t('credits.standing.checking')}
        </p>
      ) : null}
      {events.map((e) => (
        <article key={e.registrationId} className="credit-event">
          <h3>{localized(locale, e.event.titleZh, e.event.titleEn)}</h3>
          {e.rules.length === 0 ? <p className="muted">{t('credits.mine.noRules')}</p> : null}
          <ul>
            {e.rules.map((r) => (
              <li key={r.id} data-testid="credit-rule" data-standing={r.standing.kind}>
                <strong>{localized(locale, r.nameZh, r.nameEn)}</strong> ({t(`credits.scheme.${r.scheme}`)}):{' '}
                {r.explanation.map((p, i) => (
                  <span key={p.key}>
                    {i > 0 ? ' · ' : ''}
                    <Part part={p} />
                  </span>
                ))}
                <StandingWords standing={r.standing} day={(d) => day(d, e.event.timeZone)} />
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  )
}
