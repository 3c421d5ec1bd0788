import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatter } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getExamResults } from '~/services/exams/get-exam-results.server.ts'
import { regradeExam } from '~/services/exams/regrade-exam.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('考核成绩', 'Exam results')
const paramsSchema = z.object({ eventId: idSchema, examId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, examId } = parseParams(paramsSchema, params)
    const results = await getExamResults(getDb(), { eventId, examId })
    // The page needs the statistics and each question's latest title, not every version's key.
    return { ...results, questions: results.questions.map(({ versions, ...q }) => ({ ...q, versionsUsed: versions.length })) }
  })
}

/** Regrade after a corrected key; the audit entry lists every score that changed. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, examId } = parseParams(paramsSchema, params)
    const intent = (await request.formData()).get('intent')
    if (intent !== 'regrade') return data({ ok: false as const, changed: 0, skipped: 0 }, { status: 400 })
    const result = await regradeExam(getDb(), { eventId, examId }, auditContextFrom(request, user.id))
    return { ok: true as const, changed: result.changed.length, skipped: result.skipped.length }
  })
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`)
const num = (x: number | null) => (x === null ? '—' : x.toFixed(2))

export default function ExamResults() {
  const { exam, attempts, questions, summary } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const when = formatter(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: exam.event.timeZone })
  const exportBase = `/staff/events/${exam.eventId}/exams/${exam.id}/export`
  const numberOf = new Map(questions.map((q) => [q.id, q.number]))
  return (
    <section className="page staff exam-results">
      <StaffEventNav eventId={exam.eventId} />
      <p className="back">
        <Link to={`/staff/events/${exam.eventId}/exams/${exam.id}`}>{localized(locale, exam.titleZh, exam.titleEn)}</Link>
      </p>
      <h1>{t('exam.staff.results')}</h1>
      <p data-testid="results-summary">
        {t('exam.staff.summary', { candidates: summary.candidates, finished: summary.finishedAttempts, inProgress: summary.inProgress, passed: summary.candidatesPassed })}
      </p>
      <p className="exports">
        <a href={`${exportBase}?format=xlsx`} download>
          {t('exam.staff.exportXlsx')}
        </a>
        {(['results', 'questions', 'statistics'] as const).map((part) => (
          <a key={part} href={`${exportBase}?format=csv&part=${part}`} download>
            {t(`exam.staff.exportCsv.${part}`)}
          </a>
        ))}
      </p>
      <Form method="post" onSubmit={(e) => (confirm(t('exam.staff.regradeConfirm')) ? undefined : e.preventDefault())}>
        <input type="hidden" name="intent" value="regrade" />
        <button type="submit" className="secondary" disabled={navigation.state !== 'idle'}>
          {t('exam.staff.regrade')}
        </button>
        <small className="muted"> {t('exam.staff.regradeHint')}</small>
      </Form>
      {result?.ok ? (
        <p className="toast" role="status">
          {t('exam.staff.regraded', { count: result.changed })} {result.skipped > 0 ? t('exam.staff.regradeSkipped', { count: result.skipped }) : ''}
        </p>
      ) : null}

      <h2>{t('exam.staff.statistics')}</h2>
      <p className="meta">{t('exam.staff.statisticsHint')}</p>
      <div className="table-scroll">
        <table data-testid="item-statistics">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('exam.staff.question')}</th>
              <th>{t('exam.staff.answeredBy')}</th>
              <th>{t('exam.staff.facility')}</th>
              <th>{t('exam.staff.discrimination')}</th>
              <th>{t('exam.staff.upperLower')}</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id} className={q.statistics.discrimination !== null && q.statistics.discrimination < 0.2 ? 'flag' : undefined}>
                <td>Q{q.number}</td>
                <td>
                  {q.title}{' '}
                  <span className="meta">
                    {t(`exam.types.${q.type}`)}
                    {q.versionsUsed > 1 ? ` · ${t('exam.staff.versionCount', { count: q.versionsUsed })}` : ''}
                  </span>
                </td>
                <td>{q.statistics.attempts}</td>
                <td>{pct(q.statistics.facility)}</td>
                <td>{num(q.statistics.discrimination)}</td>
                <td>{num(q.statistics.upperLower)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('exam.staff.attempts')}</h2>
      {attempts.length === 0 ? <p>{t('exam.staff.noResults')}</p> : null}
      <div className="table-scroll">
        <table data-testid="results-table">
          <thead>
            <tr>
              <th>{t('exam.staff.candidate')}</th>
              <th>{t('exam.staff.attempt')}</th>
              <th>{t('exam.staff.status')}</th>
              <th>{t('exam.staff.submitted')}</th>
              <th>{t('exam.staff.score')}</th>
              <th>{t('exam.staff.integrity')}</th>
              <th>{t('exam.staff.perQuestion')}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} className={a.counted ? 'counted' : undefined}>
                <td>
                  {a.registration.user.realName}
                  <br />
                  <small className="muted">{[a.registration.user.institution, a.registration.user.licenseId].filter(Boolean).join(' · ')}</small>
                </td>
                <td>
                  {a.number}
                  {a.counted ? ` ✓` : ''}
                </td>
                <td>{t(`exam.status.${a.status}`)}</td>
                <td>{a.submittedAt ? when.format(a.submittedAt) : '—'}</td>
                <td>
                  {a.percentage === null ? '—' : `${a.percentage}%`} {a.passed === null ? '' : t(a.passed ? 'exam.passed' : 'exam.failed')}
                </td>
                <td title={[...a.ipAddresses, ...a.userAgents].join('\n')}>
                  {t('exam.staff.signals', { tabs: a.tabSwitches, blurs: a.focusLosses, ips: a.ipAddresses.length, devices: a.userAgents.length })}
                </td>
                <td className="per-question">
                  {a.questions.map((q) => `Q${numberOf.get(q.questionVersion.questionId)} ${q.score === null ? '—' : q.score === 1 ? '✓' : q.score === 0 ? '✗' : q.score.toFixed(2)}`).join(' ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="meta">{t('exam.staff.integrityHint')}</p>
    </section>
  )
}
