import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useRevalidator, useRouteLoaderData, useSubmit } from '@remix-run/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { formatClock, isAnswered, QuestionInput, ReviewItem, RichText } from '~/components/exam-paper.tsx'
import { forgetAttemptLocally, readLocal, useExamAutosave } from '~/components/use-exam-autosave.ts'
import { DEADLINE_GRACE_MS } from '~/domain/exam.ts'
import { answersToResend } from '~/domain/exam-autosave.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getExamAttempt, type FinishedAttemptView, type RunningAttemptView } from '~/services/exams/get-exam-attempt.server.ts'
import { submitExamAttempt } from '~/services/exams/submit-exam-attempt.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('在线考核', 'Online assessment')
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

/**
 * The paper while it runs. The countdown starts from the server's remaining time and
 * runs on the page's monotonic clock, so a wrong phone clock changes nothing; every save
 * answer brings the server's figure again. When it reaches zero the page waits out the
 * grace and reloads: the server has auto-submitted by then.
 * Autosave (useExamAutosave) keeps each answer on the device until the server has it, and
 * each question says "not saved" with the reason when it could not be saved.
 */
function RunningAttempt({ view }: { view: RunningAttemptView }) {
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const submit = useSubmit()
  const location = useLocation()
  const api = `/api/exam-attempts/${view.attempt.id}`
  const total = view.questions.length
  const [responses, setResponses] = useState<Record<number, QuestionResponse | null>>(() => Object.fromEntries(view.questions.map((q) => [q.position, q.response])))
  const [remaining, setRemaining] = useState(view.attempt.remainingMs)
  const [finished, setFinished] = useState(false)
  const deadlineAt = useRef<number | null>(null)

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

  const serverResponses = useMemo(() => new Map(view.questions.map((q) => [q.position, q.response])), [view.questions])
  const autosave = useExamAutosave({
    attemptId: view.attempt.id,
    serverResponses,
    onRestore: (position, response) => setResponses((r) => ({ ...r, [position]: response })),
    onRemaining: resync,
    onAttemptOver: () => over(0),
  })
  const saveStatus = autosave.status

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

  // Integrity signals: recorded, shown to staff, never acted on automatically. A beacon
  // survives the page being closed; same-origin, it may carry application/json.
  useEffect(() => {
    const send = (signal: 'tab_hidden' | 'focus_lost') => {
      const body = JSON.stringify({ intent: 'signal', signal })
      let queued = false
      try {
        queued = navigator.sendBeacon?.(api, new Blob([body], { type: 'application/json' })) ?? false
      } catch {
        queued = false
      }
      if (!queued) void fetch(api, { method: 'POST', body, headers: { 'Content-Type': 'application/json' }, keepalive: true }).catch(() => undefined)
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

  const onChange = (position: number, response: QuestionResponse, settle: 'now' | 'typing') => {
    setResponses((r) => ({ ...r, [position]: response }))
    autosave.change(position, response, settle)
  }

  const answered = view.questions.filter((q) => isAnswered(responses[q.position])).length
  const unsavedBy = (reason: string) => Object.values(saveStatus).filter((s) => s.state === 'unsaved' && s.reason === reason).length
  const signedOut = unsavedBy('signed_out')
  const offline = unsavedBy('network')
  const logInAgain = `/login?${new URLSearchParams({ redirectTo: location.pathname })}`
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
      {signedOut > 0 ? (
        <p className="notice" role="alert" data-testid="autosave-alert" data-reason="signed_out">
          {t('exam.autosave.signedOut', { count: signedOut })}{' '}
          <a href={logInAgain} data-testid="log-in-again">
            {t('exam.autosave.logInAgain')}
          </a>
        </p>
      ) : offline > 0 ? (
        <p className="notice" role="alert" data-testid="autosave-alert" data-reason="network">
          {t('exam.autosave.network', { count: offline })}
        </p>
      ) : null}
      <ol className="exam-questions">
        {view.questions.map((q) => {
          const status = saveStatus[q.position]
          return (
            <li key={q.position} className="exam-question" data-testid="exam-question">
              <p className="meta">
                {t('exam.questionOf', { n: q.position + 1, total })} · {t(`exam.types.${q.type}`)}
                <span className={`save-state ${status?.state ?? ''}`} data-testid={`save-state-${q.position}`} data-reason={status?.state === 'unsaved' ? status.reason : undefined}>
                  {status === undefined ? '' : status.state === 'unsaved' ? t(`exam.saveState.${status.reason}`, { message: status.message ?? '' }) : t(`exam.saveState.${status.state}`)}
                  {status?.state === 'unsaved' && status.reason === 'signed_out' ? (
                    <>
                      {' '}
                      <a href={logInAgain}>{t('exam.autosave.logInAgain')}</a>
                    </>
                  ) : null}
                </span>
              </p>
              <RichText text={q.text} format={q.textFormat} className="exam-text-block" />
              <QuestionInput
                question={q}
                response={responses[q.position] ?? null}
                disabled={finished}
                onChange={(r, settle) => onChange(q.position, r, settle)}
                onBlur={() => void autosave.send(q.position)}
              />
            </li>
          )
        })}
      </ol>
      <Form
        method="post"
        onSubmit={(e) => {
          e.preventDefault()
          const form = e.currentTarget
          if (!confirm(t('exam.submitConfirm', { count: total - answered }))) return
          void autosave.flushAll().then((left) => {
            // Submitting now would leave these out: say so, and let the person choose.
            if (left > 0 && !confirm(t('exam.autosave.submitUnsaved', { count: left }))) return
            submit(form)
          })
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
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const a = view.attempt
  // Changes this device kept that never reached the server (time ran out, or logged out
  // until the end): said once, then forgotten, since the attempt cannot take them any more.
  const [lost, setLost] = useState<number[]>([])
  useEffect(() => {
    const { resend } = answersToResend(readLocal(a.id), new Map(view.questions.map((q) => [q.position, q.response])))
    if (resend.length > 0) setLost(resend)
    forgetAttemptLocally(a.id)
  }, [a.id, view.questions])
  return (
    <>
      {lost.length > 0 ? (
        <p className="notice" role="alert" data-testid="autosave-lost">
          {t('exam.autosave.lost', {
            count: lost.length,
            list: joinList(
              locale,
              lost.map((p) => String(p + 1)),
            ),
          })}
        </p>
      ) : null}
      {a.graded ? (
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
      ) : (
        <Grading attemptId={a.id} number={a.number} status={a.status} />
      )}
    </>
  )
}

/**
 * Submitted, and waiting for the grading queue: says so, asks the server every couple of
 * seconds whether the result is ready (a small JSON read, not the page), and shows the
 * result as soon as it is.
 */
function Grading({ attemptId, number, status }: { attemptId: string; number: number; status: string }) {
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout>
    const poll = async (delay: number) => {
      timer = setTimeout(async () => {
        const reply = await fetch(`/api/exam-attempts/${attemptId}`, { headers: { Accept: 'application/json' } })
          .then((r) => r.json() as Promise<{ ok: boolean; graded?: boolean }>)
          .catch(() => null)
        if (stopped) return
        if (reply?.graded) revalidate.current()
        else void poll(Math.min(delay * 1.5, 5000))
      }, delay)
    }
    void poll(1000)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [attemptId])
  return (
    <div className="exam-result grading" data-testid="exam-grading" data-status={status} role="status">
      <p>
        {t('exam.attemptN', { n: number })} · {t(`exam.status.${status}`)}
      </p>
      <p>{t('exam.grading')}</p>
    </div>
  )
}

const round = (n: number | null) => (n === null ? 0 : Math.round(n * 100) / 100)
