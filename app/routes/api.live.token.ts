import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { getSessionLiveAccess } from '~/services/live/get-session-live-access.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { getLoginSessionId } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { mediaTokenSecret } from '~/utils/secrets.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const querySchema = z.object({ forum: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })

/**
 * A fresh live-stage join token for the signed-in user and one forum. The player calls
 * this on every (re)connect, so a token never needs to outlive a few minutes.
 * JSON: { ok: true, data: { token, role, expiresAt } } or { ok: false, error: { code, message } }.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
  const headers = { 'Cache-Control': 'no-store' }
  const fail = (error: AppError) => Response.json({ ok: false, error: { code: error.code, message: translate(locale, `errors.${error.code}`) } }, { status: error.status, headers })
  try {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!query.success) throw new AppError('bad_request', 'Missing forum')
    const sessionId = await getLoginSessionId(request)
    if (!sessionId) throw new AppError('unauthenticated', 'Log in first')
    // The session and the role in one statement, as for the live page's access request.
    const found = await getSessionLiveAccess(getDb(), { forumId: query.data.forum, sessionId }, { secret: mediaTokenSecret(), ttlSeconds: getEnv().MEDIA_TOKEN_TTL_S })
    if (!found.user) throw new AppError('unauthenticated', 'Log in first')
    if (!found.token) throw new AppError('live_not_registered', 'No confirmed registration for this event')
    const issued = { token: found.token, role: found.access.role!, expiresAt: found.expiresAt }
    return Response.json({ ok: true, data: { token: issued.token, role: issued.role, expiresAt: issued.expiresAt.toISOString() } }, { headers })
  } catch (error) {
    if (isAppError(error)) return fail(error)
    throw error
  }
}
