import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getRegistrationEvidence } from '~/services/registration/get-registration-evidence.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { titleMeta } from '~/utils/meta.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

export const meta: MetaFunction = titleMeta('学分凭证', 'Credit evidence')
const paramsSchema = z.object({ eventId: idSchema, registrationId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'read:attendance:any')
    const { eventId, registrationId } = parseParams(paramsSchema, params)
    return getRegistrationEvidence(getDb(), eventId, registrationId)
  })
}

/**
 * The desk's "credit evidence" of one registrant: attendance is kept per forum, so this page
 * lists the event's forums with the minutes in each and links to each forum's evidence page
 * (ledger, intervals, credited minutes per session); then the exam, survey and certificates.
 */
export default function RegistrationEvidence() {
  const { event, registration, forums, progress, certificates } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const progressText = (kind: 'exam' | 'survey', state: string, done: number, total: number) =>
    total > 1 && done < total ? `${t(`deskRows.${kind}.${state}`)} (${done}/${total})` : t(`deskRows.${kind}.${state}`)
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}/registrations`}>← {t('deskRows.evidence.back')}</Link>
      </p>
      <h1>{t('deskRows.evidence.title', { name: registration.user.realName })}</h1>
      <p className="muted">
        {[registration.user.institution, registration.user.email].filter(Boolean).join(' · ')} · {localized(locale, event.titleZh, event.titleEn)}
      </p>
      <p data-testid="evidence-summary">
        {t('deskRows.evidence.summary', {
          ticket: localized(locale, registration.ticketType.nameZh, registration.ticketType.nameEn),
          status: t(`desk.status.${registration.status}`),
          minutes: progress.minutes,
        })}
      </p>
      <p className="muted">{t('deskRows.minutesHint')}</p>
      <h2>{t('deskRows.evidence.forums')}</h2>
      {forums.length === 0 ? (
        <p>{t('deskRows.evidence.noForums')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="evidence-forums">
            <thead>
              <tr>
                <th scope="col">{t('deskRows.evidence.forum')}</th>
                <th scope="col">{t('deskRows.evidence.time')}</th>
                <th scope="col">{t('deskRows.evidence.minutes')}</th>
                <th scope="col">{t('deskRows.evidence.sources')}</th>
                <th scope="col">
                  <span className="sr-only">{t('deskRows.evidence.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {forums.map((f) => (
                <tr key={f.id} data-forum-id={f.id}>
                  <td>{localized(locale, f.titleZh, f.titleEn)}</td>
                  <td>{formatDateRange(new Date(f.startsAt), new Date(f.endsAt), event.timeZone, locale)}</td>
                  <td>{f.minutes}</td>
                  <td>{f.sources.map((s) => t(`deskRows.evidence.sourceNames.${s}`)).join(' · ')}</td>
                  <td>
                    <Link to={`/staff/forums/${f.id}/attendance/${registration.id}`}>{t('deskRows.evidence.open')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p data-testid="evidence-exam">{t('deskRows.evidence.exam', { state: progressText('exam', progress.exam.state, progress.exam.passed, progress.exam.total) })}</p>
      <p data-testid="evidence-survey">{t('deskRows.evidence.survey', { state: progressText('survey', progress.survey.state, progress.survey.completed, progress.survey.total) })}</p>
      <h2>{t('deskRows.evidence.certificates')}</h2>
      {certificates.length === 0 ? (
        <p>{t('deskRows.evidence.noCertificates')}</p>
      ) : (
        <ul data-testid="evidence-certificates">
          {certificates.map((c) => (
            <li key={c.id}>
              {t('deskRows.evidence.certificate', {
                rule: localized(locale, c.rule.nameZh, c.rule.nameEn),
                credits: c.credits,
                status: t(`credits.status.${c.status}`),
              })}
              {c.reviewReason ? <> · {c.reviewReason === 'registration_refunded' ? t('eligibility.flaggedRefund') : t('forumTimes.flagged')}</> : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/staff/events/${event.id}/credits`}>{t('deskRows.evidence.credits')}</Link>
      </p>
    </section>
  )
}
