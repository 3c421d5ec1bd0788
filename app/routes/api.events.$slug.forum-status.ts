import type { LoaderFunctionArgs } from '@remix-run/node'
import { getForumStatuses } from '~/services/events/get-forum-statuses.server.ts'
import { AppError, isAppError } from '~/utils/app-error.ts'
import { getDb } from '~/utils/db.server.ts'
import { jsonFailure, requestLocale } from '~/utils/json-api.server.ts'
import { slugSchema } from '~/utils/route.server.ts'

/**
 * GET /api/events/<slug>/forum-status → 200 { forums: [{ id, slug, liveStatus }] }: what the
 * live page's forum switcher shows, polled by the players. Public and the same for everyone,
 * so an HTTP cache in front may keep it for 5 s (Cache-Control), as the process does.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const slug = slugSchema.safeParse(params.slug)
    if (!slug.success) throw new AppError('not_found', 'No such event')
    return Response.json(await getForumStatuses(getDb(), slug.data), { headers: { 'Cache-Control': 'public, max-age=5' } })
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error
    return jsonFailure(await requestLocale(request), error)
  }
}
