import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { attemptRequestSchema } from '~/schemas/exam.ts'
import { getAttemptGrading } from '~/services/exams/get-attempt-grading.server.ts'
import { recordIntegritySignal } from '~/services/exams/record-integrity-signal.server.ts'
import { saveExamAnswer } from '~/services/exams/save-exam-answer.server.ts'
import { submitExamAttempt } from '~/services/exams/submit-exam-attempt.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { jsonApi, readJsonBody } from '~/utils/json-api.server.ts'

const paramsSchema = z.object({ attemptId: idSchema })

/**
 * GET: whether the submitted attempt's result is ready, `{ ok: true, status, graded }`;
 * the result page polls it while the grading queue works. 401/404 as JSON, never a page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const reply = (body: object, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
  const user = await getOptionalUser(request)
  if (!user) return reply({ ok: false, error: { code: 'unauthenticated' } }, 401)
  const parsed = paramsSchema.safeParse(params)
  if (!parsed.success) return reply({ ok: false, error: { code: 'not_found' } }, 404)
  try {
    return reply({ ok: true, ...(await getAttemptGrading(getDb(), { attemptId: parsed.data.attemptId, userId: user.id })) })
  } catch (error) {
    if (isAppError(error)) return reply({ ok: false, error: { code: error.code } }, error.status)
    throw error
  }
}

/**
 * The attempt page's JSON endpoint: autosave one answer, record an integrity signal (sent
 * with navigator.sendBeacon as an application/json Blob), or submit.
 * Replies `{ ok: true, remainingMs }`, or `{ ok: false, error: { code, message } }` with a
 * real status, which the page shows as "not saved" with its reason: 401 logged out, 403
 * another's attempt or another site, 404 no such attempt, 409 submitted or time up,
 * 422 an answer that does not fit, 415 not JSON.
 * A Response, never `data()`: a resource route would send `data()`'s status as 200.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  return jsonApi(request, async () => {
    // Not requireUser: its redirect to /login would reach a script as a 200 HTML page.
    const user = await getOptionalUser(request)
    if (!user) throw new AppError('unauthenticated', 'Not logged in')
    const parsedParams = paramsSchema.safeParse(params)
    if (!parsedParams.success) throw new AppError('not_found', 'No such attempt')
    const attemptId = parsedParams.data.attemptId
    const body = await readJsonBody(request, attemptRequestSchema, { invalidCode: 'invalid_answer' })
    const db = getDb()
    switch (body.intent) {
      case 'save': {
        const { remainingMs } = await saveExamAnswer(db, { attemptId, userId: user.id, position: body.position, response: body.response })
        return { ok: true, remainingMs }
      }
      case 'signal':
        await recordIntegritySignal(db, { attemptId, userId: user.id, signal: body.signal }, auditContextFrom(request, user.id))
        return { ok: true }
      case 'submit': {
        const outcome = await submitExamAttempt(db, { attemptId, userId: user.id })
        return { ok: true, status: outcome.status }
      }
    }
  })
}
