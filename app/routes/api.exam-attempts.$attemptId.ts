import { data, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { attemptRequestSchema } from '~/schemas/exam.ts'
import { recordIntegritySignal } from '~/services/exams/record-integrity-signal.server.ts'
import { saveExamAnswer } from '~/services/exams/save-exam-answer.server.ts'
import { submitExamAttempt } from '~/services/exams/submit-exam-attempt.server.ts'
import { isAppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'

const paramsSchema = z.object({ attemptId: idSchema })

/**
 * The attempt page's JSON endpoint: autosave one answer, record an integrity signal
 * (sent with navigator.sendBeacon, so the body is read whatever its content type), or
 * submit. Replies `{ ok, remainingMs }` or `{ ok: false, code }` with a 4xx status.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const fail = (code: string, status: number) => data({ ok: false as const, code }, { status })
  if (request.method !== 'POST') return fail('bad_request', 405)
  const user = await getOptionalUser(request)
  if (!user) return fail('unauthenticated', 401)
  const parsedParams = paramsSchema.safeParse(params)
  if (!parsedParams.success) return fail('not_found', 404)
  let body: unknown
  try {
    body = JSON.parse(await request.text())
  } catch {
    return fail('bad_request', 400)
  }
  const parsed = attemptRequestSchema.safeParse(body)
  if (!parsed.success) return fail('invalid_answer', 422)
  const db = getDb()
  const attemptId = parsedParams.data.attemptId
  try {
    switch (parsed.data.intent) {
      case 'save': {
        const { remainingMs } = await saveExamAnswer(db, { attemptId, userId: user.id, position: parsed.data.position, response: parsed.data.response })
        return { ok: true as const, remainingMs }
      }
      case 'signal':
        await recordIntegritySignal(db, { attemptId, userId: user.id, signal: parsed.data.signal }, auditContextFrom(request, user.id))
        return { ok: true as const }
      case 'submit': {
        const outcome = await submitExamAttempt(db, { attemptId, userId: user.id })
        return { ok: true as const, status: outcome.status }
      }
    }
  } catch (error) {
    if (isAppError(error) && error.status < 500) return fail(error.code, error.status)
    throw error
  }
}
