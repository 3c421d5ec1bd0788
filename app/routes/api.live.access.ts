import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { parseDeliveryPreference } from '~/domain/stream-delivery.ts'
import { chooseLiveDelivery } from '~/services/broadcast/choose-live-delivery.server.ts'
import { getSessionLiveAccess } from '~/services/live/get-session-live-access.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { getLoginSessionId } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { jsonFailure, requestLocale } from '~/utils/json-api.server.ts'
import { mediaTokenSecret } from '~/utils/secrets.server.ts'

const querySchema = z.object({ forum: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })

/**
 * GET /api/live/access?forum=<id> → 200 { ok: true, data: { user, access, token, expiresAt,
 * delivery, preference } }: what the live page, one shared render for everyone (issue 16),
 * leaves out. Who is signed in (the header's name), whether they may watch and as what, the
 * join token, and WebRTC or HLS for them. A visitor who is not signed in gets `user: null` and
 * `access.reason: 'anonymous'`; an unknown forum 404 with a message in their language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await requestLocale(request)
  const headers = { 'Cache-Control': 'private, no-store' }
  try {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!query.success) throw new AppError('bad_request', 'Missing forum')
    const found = await getSessionLiveAccess(
      getDb(),
      { forumId: query.data.forum, sessionId: (await getLoginSessionId(request)) ?? null },
      { secret: mediaTokenSecret(), ttlSeconds: getEnv().MEDIA_TOKEN_TTL_S },
    )
    const preference = parseDeliveryPreference(/(?:^|;\s*)cme_delivery=([^;]*)/.exec(request.headers.get('Cookie') ?? '')?.[1])
    const delivery = found.access.role ? await chooseLiveDelivery({ role: found.access.role, preference }) : null
    return Response.json(
      {
        ok: true,
        data: {
          user: found.user ? { id: found.user.id, realName: found.user.realName, role: found.user.role } : null,
          access: found.access,
          token: found.token,
          expiresAt: found.expiresAt?.toISOString() ?? null,
          delivery,
          preference,
        },
      },
      { headers },
    )
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error
    return jsonFailure(locale, error)
  }
}
