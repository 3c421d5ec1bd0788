import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatter } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getStaffAssessments } from '~/services/exams/get-staff-assessments.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('考核与问卷', 'Exams and surveys')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getStaffAssessments(getDb(), eventId)
  })
}

/** Staff: an event's question bank, exams and evaluation surveys, one place. */
export default function StaffAssessments() {
  const { event, exams, surveys, bank } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const when = formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: event.timeZone })
  const base = `/staff/events/${event.id}`
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p className="back">
        <Link to={base}>{localized(locale, event.titleZh, event.titleEn)}</Link>
      </p>
      <h1>{t('exam.staff.title')}</h1>
      <h2>{t('exam.staff.bank')}</h2>
      <p>
        {t('exam.staff.bankCount', { count: bank.questions, retired: bank.retired })} · <Link to={`${base}/questions`}>{t('exam.staff.openBank')}</Link>
      </p>
      <h2>{t('exam.exams')}</h2>
      <ul className="event-list" data-testid="staff-exams">
        {exams.map((e) => (
          <li key={e.id} className="event-card">
            <strong>{localized(locale, e.titleZh, e.titleEn)}</strong> <span className="badge">{t(e.published ? 'exam.staff.published' : 'exam.staff.draft')}</span>
            <p className="meta">
              {t('exam.window', { from: when.format(e.opensAt), to: when.format(e.closesAt) })} · {t(`exam.staff.selections.${e.selection}`)} ·{' '}
              {t('exam.staff.attemptCount', { count: e._count.attempts })}
            </p>
            <Link to={`${base}/exams/${e.id}`}>{t('exam.staff.settings')}</Link> · <Link to={`${base}/exams/${e.id}/results`}>{t('exam.staff.results')}</Link>
          </li>
        ))}
      </ul>
      <Link className="button" to={`${base}/exams/new`}>
        {t('exam.staff.newExam')}
      </Link>
      <h2>{t('exam.surveys')}</h2>
      <ul className="event-list" data-testid="staff-surveys">
        {surveys.map((s) => (
          <li key={s.id} className="event-card">
            <strong>{localized(locale, s.titleZh, s.titleEn)}</strong> <span className="badge">{t(s.published ? 'exam.staff.published' : 'exam.staff.draft')}</span>
            <p className="meta">
              {t('exam.survey.questionCount', { count: s._count.questions })} · {t('exam.survey.completions', { count: s._count.completions })}
              {s.requiredForCertificate ? ` · ${t('exam.survey.requiredForCertificate')}` : ''}
            </p>
            <Link to={`${base}/surveys/${s.id}`}>{t('exam.survey.open')}</Link>
          </li>
        ))}
      </ul>
      <Link className="button" to={`${base}/surveys/new`}>
        {t('exam.survey.new')}
      </Link>
    </section>
  )
}
