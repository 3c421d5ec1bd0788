import { useTranslation } from 'react-i18next'
import type { CreditStanding } from '~/domain/credit-standing.ts'

type Day = (d: Date | string) => string

/**
 * A certificate's state in words, on every page that lists certificates: valid, revoked (with
 * the date and the reason) or superseded (with the date and a link to the new version).
 * Dates come formatted by the page (`day`, in the event's time zone).
 */
export function CertificateState({
  certificate: c,
  day,
  ruleActive = true,
}: {
  certificate: { status: string; revokedAt: Date | string | null; revokedReason: string | null; supersededAt: Date | string | null; supersededBy: { code: string; version: number } | null }
  day: Day
  ruleActive?: boolean
}) {
  const { t } = useTranslation()
  return (
    <span className="certificate-state" data-testid="certificate-state">
      <span className={`badge status-${c.status.toLowerCase()}`}>{t(`credits.status.${c.status}`)}</span>
      {c.status === 'REVOKED' && c.revokedAt ? <span className="muted"> · {t('credits.certificate.revokedOn', { date: day(c.revokedAt), reason: c.revokedReason ?? '' })}</span> : null}
      {c.supersededBy && c.supersededAt ? (
        <span className="muted">
          {' '}
          · {t('credits.certificate.supersededOn', { date: day(c.supersededAt), version: c.supersededBy.version })} ·{' '}
          <a href={`/verify/${c.supersededBy.code}`} data-testid="new-version">
            {t('credits.certificate.newVersion')}
          </a>
        </span>
      ) : null}
      {c.status === 'VALID' && !ruleActive ? <span className="muted"> · {t('credits.certificate.ruleInactive')}</span> : null}
    </span>
  )
}

/** Where the person stands under a rule, in words (app/domain/credit-standing.ts). */
export function StandingWords({ standing, day }: { standing: CreditStanding; day: Day }) {
  const { t } = useTranslation()
  const words = (() => {
    switch (standing.kind) {
      case 'issued':
        return t(standing.ruleInactive ? 'credits.standing.issuedRuleInactive' : 'credits.standing.issued', { date: day(standing.issuedAt) })
      case 'revoked':
        return t('credits.standing.revoked', { date: standing.revokedAt ? day(standing.revokedAt) : '', reason: standing.reason ?? '' })
      case 'ruleInactive':
        return t('credits.standing.ruleInactive')
      case 'issuing':
        return t('credits.mine.issuing')
      case 'awaitingStaff':
        return t('credits.standing.awaitingStaff')
      case 'notFinal':
        return t('credits.mine.notFinal')
      case 'notEarned':
        return null
    }
  })()
  if (!words) return null
  return (
    <span data-testid="standing" data-kind={standing.kind}>
      {' '}
      · {words}
    </span>
  )
}
