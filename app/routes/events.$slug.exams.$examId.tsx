import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { formatClock } from '~/components/exam-paper.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatter } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getCandidateExam } from '~/services/exams/get-candidate-exam.server.ts'
import { startExamAttempt } from '~/services/exams/start-exam-attempt.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('在线考核', 'Online assessment')
const paramsSchema = z.object({ slug: slugSchema, examId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug, examId } = parseParams(paramsSchema, params)
    return getCandidateExam(getDb(), { slug, examId, userId: user.id })
  })
}

/** Start (or, when one is running, resume) an attempt, then go to it. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug, examId } = parseParams(paramsSchema, params)
    return actionResult(
      async () => {
        // The slug is checked in the start's own query: another event's exam is not found (404).
        const attempt = await startExamAttempt(getDb(), { examId, userId: user.id, slug }, auditContextFrom(request, user.id))
        return redirect(`/events/${slug}/exams/${examId}/attempts/${attempt.id}`)
      },
      (error) => {
        if (error.code === 'not_found') throw error
        const running = error.code === 'attempt_in_progress' ? error.details?.attemptId : undefined
        if (typeof running === 'string') throw redirect(`/events/${slug}/exams/${examId}/attempts/${running}`)
        return { code: error.code, values: error.details ?? {} }
      },
    )
  })
}

export default function ExamPage() {
  const { exam, window, eligibility, attempts, inProgress, attemptsLeft, outcome } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const when = formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: exam.event.timeZone })
  const scope = exam.session ?? exam.forum
  const canStart = eligibility.eligible && window === 'open' && attemptsLeft > 0
  return (
    <section className="page narrow exam-page">
      <p className="back">
        <Link to={`/events/${exam.event.slug}/assessments`}>{localized(locale, exam.event.titleZh, exam.event.titleEn)}</Link>
      </p>
      <h1>{localized(locale, exam.titleZh, exam.titleEn)}</h1>
      {scope ? <p className="meta">{localized(locale, scope.titleZh, scope.titleEn)}</p> : null}
      <ul className="exam-facts">
        <li>{t('exam.window', { from: when.format(exam.opensAt), to: when.format(exam.closesAt) })}</li>
        <li>{t('exam.timeLimit', { count: exam.timeLimitMinutes })}</li>
        <li>
          {t('exam.attemptsAllowed', { count: exam.attemptsAllowed })} · {t(`exam.gradingMethod.${exam.gradingMethod}`)}
        </li>
        <li>{t('exam.passMark', { percent: exam.passPercent })}</li>
      </ul>
      {localized(locale, exam.instructionsZh, exam.instructionsEn) ? <p className="exam-instructions">{localized(locale, exam.instructionsZh, exam.instructionsEn)}</p> : null}

      {outcome.countedAttemptId ? (
        <p className={`exam-outcome ${outcome.passed ? 'passed' : 'failed'}`} data-testid="exam-outcome">
          {t('exam.finalResult', { percent: outcome.percentage })} · <strong>{t(outcome.passed ? 'exam.passed' : 'exam.failed')}</strong>
        </p>
      ) : null}

      {inProgress ? (
        <Link className="button" to={`attempts/${inProgress.id}`} data-testid="resume-attempt">
          {t('exam.resume', { time: formatClock(inProgress.remainingMs) })}
        </Link>
      ) : !eligibility.eligible ? (
        <p className="notice" data-testid="exam-refusal">
          {t(`exam.reason.${eligibility.reason.code}`, eligibility.reason)}
        </p>
      ) : window !== 'open' ? (
        <p className="notice">{t(window === 'not_open' ? 'exam.notOpen' : 'exam.closed')}</p>
      ) : attemptsLeft === 0 ? (
        <p className="notice">{t('exam.noAttemptsLeft')}</p>
      ) : null}
      {!inProgress && canStart ? (
        <Form method="post" onSubmit={(e) => (confirm(t('exam.startConfirm', { count: exam.timeLimitMinutes })) ? undefined : e.preventDefault())}>
          <p className="meta">{t('exam.attemptsLeft', { count: attemptsLeft })}</p>
          <button type="submit" data-testid="start-exam" disabled={navigation.state !== 'idle'}>
            {t('exam.start')}
          </button>
        </Form>
      ) : null}
      {result?.code ? <FormError code={result.code} values={result.values} /> : null}

      {attempts.length > 0 ? (
        <>
          <h2>{t('exam.yourAttempts')}</h2>
          <ol className="exam-attempts">
            {attempts.map((a) => (
              <li key={a.id}>
                <Link to={`attempts/${a.id}`}>{t('exam.attemptN', { n: a.number })}</Link> · {t(`exam.status.${a.status}`)}
                {a.percentage !== null ? ` · ${a.percentage}% · ${t(a.passed ? 'exam.passed' : 'exam.failed')}` : a.status !== 'IN_PROGRESS' ? ` · ${t('exam.grading')}` : ''}
                {a.id === outcome.countedAttemptId ? <span className="badge">{t('exam.counted')}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  )
}
