import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { translate } from '~/i18n/i18n.ts'
import { issueHlsAccess } from '~/services/broadcast/issue-hls-access.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { requestLocale } from '~/utils/json-api.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit } from '~/utils/rate-limit.server.ts'

const querySchema = z.object({
  forumId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(['live', 'replay']),
})

/**
 * A player asks once per HLS_URL_TTL_S and on every (re)start; 30 a minute per person is a
 * reload storm, not a player. Per process: the signature costs no database row to check.
 */
const ISSUES_PER_MINUTE = 30

/**
 * GET /api/hls/access?forumId=<id>&kind=live|replay → 200 { url, expiresAt, recordingId }: a
 * signed address of the forum's HLS master playlist for the signed-in user (issue 12), or
 * { ok: false, error: { code, message } } with its 4xx, the message in the user's language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await requestLocale(request)
  const headers = { 'Cache-Control': 'no-store' }
  try {
    const user = await getOptionalUser(request)
    if (!user) throw new AppError('unauthenticated', 'Log in first')
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!query.success) throw new AppError('bad_request', 'forumId and kind=live|replay are required')
    const limit = await createRateLimit({ name: 'hls-access', points: ISSUES_PER_MINUTE, durationSec: 60, scope: 'local' }).consume(user.id)
    if (!limit.allowed) throw new AppError('rate_limited', 'Too many HLS addresses', { retryAfterMs: limit.retryAfterMs })
    const access = await issueHlsAccess(getDb(), { forumId: query.data.forumId, userId: user.id, kind: query.data.kind }, new Date())
    return Response.json(access, { headers })
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error
    logger.info({ code: error.code, reason: error.details?.reason, status: error.status }, 'hls access refused')
    const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined
    const message = translate(locale, reason ? `hlsAccess.${reason}` : `errors.${error.code}`)
    const retryAfter: Record<string, string> = typeof error.details?.retryAfterMs === 'number' ? { 'Retry-After': String(Math.ceil(error.details.retryAfterMs / 1000)) } : {}
    const extra = reason ? { reason, ...(typeof error.details?.availableFrom === 'string' ? { availableFrom: error.details.availableFrom } : {}) } : {}
    return Response.json({ ok: false, error: { code: error.code, message, ...extra } }, { status: error.status, headers: { ...headers, ...retryAfter } })
  }
}
