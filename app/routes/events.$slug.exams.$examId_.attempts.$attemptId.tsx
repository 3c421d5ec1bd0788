import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator, useRouteLoaderData, useSubmit } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { formatClock, isAnswered, QuestionInput, ReviewItem, RichText } from '~/components/exam-paper.tsx'
import { DEADLINE_GRACE_MS } from '~/domain/exam.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getExamAttempt, type FinishedAttemptView, type RunningAttemptView } from '~/services/exams/get-exam-attempt.server.ts'
import { submitExamAttempt } from '~/services/exams/submit-exam-attempt.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'

export const meta: MetaFunction = () => [{ title: '在线考核 · Online assessment' }]
const paramsSchema = z.object({ slug: slugSchema, examId: idSchema, attemptId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug, attemptId } = parseParams(paramsSchema, params)
    const { exam, view } = await getExamAttempt(getDb(), { attemptId, userId: user.id }, auditContextFrom(request, user.id))
    if (exam.event.slug !== slug) throw new AppError('not_found', 'No such attempt')
    return { exam, view }
  })
}

/** Submitting (the form works without JavaScript too); then the same page shows the result. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug, examId, attemptId } = parseParams(paramsSchema, params)
    await submitExamAttempt(getDb(), { attemptId, userId: user.id })
    return redirect(`/events/${slug}/exams/${examId}/attempts/${attemptId}`)
  })
}

export default function AttemptPage() {
  const { exam, view } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page narrow exam-page">
      <p className="back">
        <Link to={`/events/${exam.event.slug}/exams/${exam.id}`}>{t('exam.backToExam')}</Link>
      </p>
      <h1>{localized(locale, exam.titleZh, exam.titleEn)}</h1>
      {view.state === 'running' ? <RunningAttempt key={view.attempt.id} view={view} /> : <FinishedAttempt view={view} showAnswers={exam.showAnswers} />}
    </section>
  )
}

type SaveState = 'saving' | 'saved' | 'failed'

/**
 * The paper while it runs. The countdown starts from the server's remaining time and
 * runs on the page's monotonic clock, so a wrong phone clock changes nothing; every save
 * answer brings the server's figure again. When it reaches zero the page waits out the
 * grace and reloads: the server has auto-submitted by then.
 */
function RunningAttempt({ view }: { view: RunningAttemptView }) {
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const submit = useSubmit()
  const api = `/api/exam-attempts/${view.attempt.id}`
  const total = view.questions.length
  const [responses, setResponses] = useState<Record<number, QuestionResponse | null>>(() => Object.fromEntries(view.questions.map((q) => [q.position, q.response])))
  const [saveState, setSaveState] = useState<Record<number, SaveState>>({})
  const [remaining, setRemaining] = useState(view.attempt.remainingMs)
  const [finished, setFinished] = useState(false)
  const deadlineAt = useRef<number | null>(null)
  const pending = useRef(new Map<number, { response: QuestionResponse; timer: ReturnType<typeof setTimeout> | null }>())
  const inFlight = useRef(new Map<number, Promise<void>>())

  const resync = useCallback((remainingMs: number) => {
    deadlineAt.current = performance.now() + remainingMs
    setRemaining(remainingMs)
  }, [])
  // Stable handles, so the clock's effect never restarts (and re-anchors) on a re-render.
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  const finishedRef = useRef(false)
  const over = useCallback((reloadAfterMs: number) => {
    if (finishedRef.current) return
    finishedRef.current = true
    setFinished(true)
    setTimeout(() => revalidate.current(), reloadAfterMs)
  }, [])

  useEffect(() => {
    resync(view.attempt.remainingMs)
    const timer = setInterval(() => {
      if (deadlineAt.current === null) return
      const left = deadlineAt.current - performance.now()
      setRemaining(Math.max(0, left))
      if (left <= 0) over(DEADLINE_GRACE_MS + 500)
    }, 250)
    return () => clearInterval(timer)
  }, [view.attempt.remainingMs, resync, over])

  // Integrity signals: recorded, shown to staff, never acted on automatically.
  useEffect(() => {
    const send = (signal: 'tab_hidden' | 'focus_lost') => {
      const body = JSON.stringify({ intent: 'signal', signal })
      if (!navigator.sendBeacon?.(api, new Blob([body], { type: 'application/json' })))
        void fetch(api, { method: 'POST', body, headers: { 'Content-Type': 'application/json' }, keepalive: true }).catch(() => undefined)
    }
    const onVisibility = () => (document.visibilityState === 'hidden' ? send('tab_hidden') : undefined)
    const onBlur = () => send('focus_lost')
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('blur', onBlur)
    return () => {
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('blur', onBlur)
    }
  }, [api])

  const send = useCallback(
    (position: number): Promise<void> => {
      const entry = pending.current.get(position)
      if (!entry) return inFlight.current.get(position) ?? Promise.resolve()
      if (entry.timer) clearTimeout(entry.timer)
      pending.current.delete(position)
      setSaveState((s) => ({ ...s, [position]: 'saving' }))
      const previous = inFlight.current.get(position) ?? Promise.resolve()
      const request = previous.then(async () => {
        try {
          const res = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ intent: 'save', position, response: entry.response }) })
          const body = (await res.json().catch(() => ({}))) as { remainingMs?: number; code?: string }
          if (res.ok) {
            if (typeof body.remainingMs === 'number') resync(body.remainingMs)
            setSaveState((s) => ({ ...s, [position]: pending.current.has(position) ? 'saving' : 'saved' }))
          } else if (body.code === 'attempt_time_up' || body.code === 'attempt_finished') {
            over(0)
          } else {
            setSaveState((s) => ({ ...s, [position]: 'failed' }))
          }
        } catch {
          // Offline for a moment: keep the answer and try again.
          setSaveState((s) => ({ ...s, [position]: 'failed' }))
          if (!pending.current.has(position)) pending.current.set(position, { response: entry.response, timer: setTimeout(() => void send(position), 2000) })
        }
      })
      inFlight.current.set(position, request)
      return request
    },
    [api, resync, over],
  )

  const onChange = (position: number, response: QuestionResponse, settle: 'now' | 'typing') => {
    setResponses((r) => ({ ...r, [position]: response }))
    const old = pending.current.get(position)
    if (old?.timer) clearTimeout(old.timer)
    pending.current.set(position, { response, timer: settle === 'typing' ? setTimeout(() => void send(position), 700) : null })
    if (settle === 'now') void send(position)
  }

  const answered = view.questions.filter((q) => isAnswered(responses[q.position])).length
  const low = remaining < 60_000
  return (
    <>
      <div className={`exam-bar${low ? ' low' : ''}`} role="timer" aria-live={low ? 'assertive' : 'off'}>
        <span>
          {t('exam.timeLeft')} <strong data-testid="time-left">{formatClock(remaining)}</strong>
        </span>
        <span data-testid="answered-count">{t('exam.answered', { count: answered, total })}</span>
      </div>
      <p className="meta">{t('exam.integrityNote')}</p>
      {finished ? (
        <p className="notice" role="status">
          {t('exam.timeUp')}
        </p>
      ) : null}
      <ol className="exam-questions">
        {view.questions.map((q) => (
          <li key={q.position} className="exam-question" data-testid="exam-question">
            <p className="meta">
              {t('exam.questionOf', { n: q.position + 1, total })} · {t(`exam.types.${q.type}`)}
              <span className={`save-state ${saveState[q.position] ?? ''}`} data-testid={`save-state-${q.position}`}>
                {saveState[q.position] ? t(`exam.saveState.${saveState[q.position]}`) : ''}
              </span>
            </p>
            <RichText text={q.text} format={q.textFormat} className="exam-text-block" />
            <QuestionInput question={q} response={responses[q.position] ?? null} disabled={finished} onChange={(r, settle) => onChange(q.position, r, settle)} onBlur={() => void send(q.position)} />
          </li>
        ))}
      </ol>
      <Form
        method="post"
        onSubmit={(e) => {
          e.preventDefault()
          const form = e.currentTarget
          if (!confirm(t('exam.submitConfirm', { count: total - answered }))) return
          void Promise.all(view.questions.map((q) => send(q.position))).then(() => submit(form))
        }}
      >
        <button type="submit" data-testid="submit-exam" disabled={finished}>
          {t('exam.submit')}
        </button>
      </Form>
    </>
  )
}

function FinishedAttempt({ view, showAnswers }: { view: FinishedAttemptView; showAnswers: string }) {
  const { t } = useTranslation()
  const a = view.attempt
  return (
    <>
      <div className={`exam-result ${a.passed ? 'passed' : 'failed'}`} data-testid="exam-result" data-status={a.status}>
        <p>
          {t('exam.attemptN', { n: a.number })} · {t(`exam.status.${a.status}`)}
        </p>
        <p className="exam-score">{t('exam.score', { points: round(a.points), max: round(a.maxPoints), percent: a.percentage })}</p>
        <p>
          <strong data-testid="exam-passed">{t(a.passed ? 'exam.passed' : 'exam.failed')}</strong>
        </p>
      </div>
      {!view.answersShown ? <p className="meta">{t(showAnswers === 'NEVER' ? 'exam.answersNever' : 'exam.answersAfterClose')}</p> : null}
      <ol className="exam-questions">
        {view.questions.map((q) => (
          <ReviewItem key={q.position} q={q} total={view.questions.length} />
        ))}
      </ol>
    </>
  )
}

const round = (n: number | null) => (n === null ? 0 : Math.round(n * 100) / 100)
