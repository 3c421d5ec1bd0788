import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { AppLocale } from '~/domain/locale.ts'
import { localized } from '~/domain/locale.ts'
import { Field, FormError } from './form-field.tsx'

/** What the verify page shows of a certificate (VerifiedCertificate of verify-certificate.server.ts, as JSON). */
export type ShownCertificate = {
  number: string
  holderName: string
  activityZh: string
  activityEn: string
  activityStartsAt: string
  activityEndsAt: string
  ruleZh: string
  ruleEn: string
  credits: number
  scheme: string
  issuedAt: string
  revokedAt: string | null
  revokedReason: string | null
  supersededAt: string | null
  supersededByCode: string | null
  supersededByNumber: string | null
  issuerZh: string
  issuerEn: string
  timeZone: string
}

/** A certificate found: its status (valid, revoked with date and reason, superseded with a link to the new version) and details. */
export function CertificateDetails({ outcome, certificate: c, locale }: { outcome: 'VALID' | 'REVOKED' | 'SUPERSEDED'; certificate: ShownCertificate; locale: AppLocale }) {
  const { t } = useTranslation()
  // Dates as the event's calendar has them, like the date inside the signed code.
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: c.timeZone, year: 'numeric', month: 'long', day: 'numeric' })
  const from = day(c.activityStartsAt)
  const to = day(c.activityEndsAt)
  return (
    <div data-testid="verify-result" data-outcome={outcome}>
      <p className={`verify-status verify-${outcome.toLowerCase()}`} role="status" data-testid="verify-status">
        {outcome === 'VALID' ? t('credits.verify.valid') : null}
        {outcome === 'REVOKED' ? t('credits.verify.revoked', { date: c.revokedAt ? day(c.revokedAt) : '' }) : null}
        {outcome === 'SUPERSEDED' ? t('credits.verify.superseded', { date: c.supersededAt ? day(c.supersededAt) : '' }) : null}
      </p>
      {outcome === 'REVOKED' && c.revokedReason ? <p data-testid="verify-revoked-reason">{t('credits.verify.revokedReason', { reason: c.revokedReason })}</p> : null}
      {c.supersededByCode ? (
        <p>
          <a href={`/verify/${c.supersededByCode}`} data-testid="verify-new-version">
            {t('credits.verify.newVersion')}
          </a>
          {c.supersededByNumber ? <> · {t('credits.verify.newVersionNumber', { number: c.supersededByNumber })}</> : null}
        </p>
      ) : null}
      <dl className="verify-details">
        <dt>{t('credits.verify.number')}</dt>
        <dd data-testid="verify-number" className="verify-number">
          {c.number}
        </dd>
        <dt>{t('credits.verify.name')}</dt>
        <dd data-testid="verify-name">{c.holderName}</dd>
        <dt>{t('credits.verify.activity')}</dt>
        <dd data-testid="verify-activity">
          {localized(locale, c.activityZh, c.activityEn)} · {localized(locale, c.ruleZh, c.ruleEn)}
        </dd>
        <dt>{t('credits.verify.activityDates')}</dt>
        <dd data-testid="verify-activity-dates">{from === to ? from : `${from} – ${to}`}</dd>
        <dt>{t('credits.verify.credits')}</dt>
        <dd data-testid="verify-credits">
          {c.credits} · {t(`credits.scheme.${c.scheme}`)}
        </dd>
        <dt>{t('credits.verify.date')}</dt>
        <dd data-testid="verify-issued">{day(c.issuedAt)}</dd>
        <dt>{t('credits.verify.issuer')}</dt>
        <dd data-testid="verify-issuer">{localized(locale, c.issuerZh, c.issuerEn)}</dd>
      </dl>
      <p className="muted">
        {t('credits.verify.offline')} <a href="/.well-known/certificate-signing-key">/.well-known/certificate-signing-key</a>
      </p>
    </div>
  )
}

/**
 * The one answer for a number that does not exist and for a wrong name: the same words, the
 * same status, nothing about the certificate.
 */
export function NotFound() {
  const { t } = useTranslation()
  return (
    <div data-testid="verify-result" data-outcome="INVALID">
      <p className="verify-status verify-invalid" role="alert" data-testid="verify-not-found">
        {t('credits.verify.notFound')}
      </p>
      <p className="muted">{t('credits.verify.notFoundHelp')}</p>
    </div>
  )
}

/** What the look-up action answers: the result (a certificate, or INVALID), or the form again with its errors. */
export type LookupActionData =
  | { kind: 'result'; outcome: 'INVALID'; certificate: null; values?: { number: string; name: string } }
  | { kind: 'result'; outcome: 'VALID' | 'REVOKED' | 'SUPERSEDED'; certificate: ShownCertificate }
  | ({ kind: 'form' } & LookupFormState)

/** The answer to a posted look-up, if any: the certificate, or the one "not found". */
export function LookupAnswer({ answer, locale }: { answer: LookupActionData | undefined; locale: AppLocale }) {
  if (answer?.kind !== 'result') return null
  if (answer.outcome === 'INVALID') return <NotFound />
  return <CertificateDetails outcome={answer.outcome} certificate={answer.certificate} locale={locale} />
}

/** The form's state after an answer: what was typed stays, so a typo can be corrected. */
export function formStateOf(answer: LookupActionData | undefined): LookupFormState {
  if (!answer) return {}
  if (answer.kind === 'form') return answer
  return answer.outcome === 'INVALID' ? { values: answer.values } : {}
}

export type LookupFormState = { values?: { number: string; name: string }; errors?: Record<string, string>; code?: string; retry?: { minutes: number } }

/** Number and name; posted (never in the URL, so a name stays out of logs and history). */
export function NumberLookupForm({ state, action }: { state: LookupFormState; action?: string }) {
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  return (
    <Form method="post" action={action} noValidate data-testid="verify-form" className="verify-form">
      <FormError code={state.code} values={state.retry} />
      <Field
        name="number"
        label={t('credits.verify.lookupNumber')}
        hint={t('credits.verify.lookupNumberHint')}
        defaultValue={state.values?.number}
        error={state.errors?.number}
        autoComplete="off"
        required
      />
      <Field name="name" label={t('credits.verify.lookupName')} hint={t('credits.verify.lookupNameHint')} defaultValue={state.values?.name} error={state.errors?.name} autoComplete="off" required />
      <button type="submit" disabled={busy} data-testid="verify-submit">
        {t('credits.verify.lookupSubmit')}
      </button>
    </Form>
  )
}
