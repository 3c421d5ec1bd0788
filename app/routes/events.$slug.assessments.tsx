import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatter } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listEventAssessments } from '~/services/exams/list-event-assessments.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('考核与评价', 'Assessments')
const paramsSchema = z.object({ slug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug } = parseParams(paramsSchema, params)
    return listEventAssessments(getDb(), { slug, userId: user.id })
  })
}

/** An attendee's exams and evaluation surveys for one event (linked from the ticket page). */
export default function Assessments() {
  const { event, standing, exams, surveys } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const when = formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: event.timeZone })
  return (
    <section className="page narrow">
      <p className="back">
        <Link to={`/events/${event.slug}`}>{localized(locale, event.titleZh, event.titleEn)}</Link>
      </p>
      <h1>{t('exam.assessments')}</h1>
      {standing === 'pending' ? (
        <p className="notice" data-testid="assessments-standing">
          {t('exam.reason.registration_not_confirmed')}
        </p>
      ) : standing === 'none' ? (
        <p className="notice" data-testid="assessments-standing">
          {t('exam.reason.not_registered')} <Link to={`/events/${event.slug}/register`}>{t('live.registerHere')}</Link>
        </p>
      ) : null}
      {exams.length === 0 && surveys.length === 0 ? <p>{t('exam.noAssessments')}</p> : null}
      {exams.length > 0 ? <h2>{t('exam.exams')}</h2> : null}
      <ul className="event-list" data-testid="exam-list">
        {exams.map((e) => (
          <li key={e.id} className="event-card">
            <h3>
              <Link to={`/events/${event.slug}/exams/${e.id}`}>{localized(locale, e.titleZh, e.titleEn)}</Link>
            </h3>
            <p className="meta">
              {e.forum ? `${localized(locale, e.forum.titleZh, e.forum.titleEn)} · ` : ''}
              {t('exam.window', { from: when.format(e.opensAt), to: when.format(e.closesAt) })} · {t('exam.timeLimit', { count: e.timeLimitMinutes })}
            </p>
            {e.inProgress ? <span className="badge live">{t('exam.status.IN_PROGRESS')}</span> : e.passed ? <span className="badge">{t('exam.passed')}</span> : null}
          </li>
        ))}
      </ul>
      {surveys.length > 0 ? <h2>{t('exam.surveys')}</h2> : null}
      <ul className="event-list" data-testid="survey-list">
        {surveys.map((s) => (
          <li key={s.id} className="event-card">
            <h3>
              <Link to={`/events/${event.slug}/surveys/${s.id}`}>{localized(locale, s.titleZh, s.titleEn)}</Link>
            </h3>
            <p className="meta">
              {s.forum ? `${localized(locale, s.forum.titleZh, s.forum.titleEn)} · ` : ''}
              {s.requiredForCertificate ? t('exam.survey.requiredForCertificate') : t('exam.survey.optional')}
            </p>
            {s.completed ? <span className="badge">{t('exam.survey.completed')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
