import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { resolveLocale } from '~/domain/locale.ts'
import { idSchema } from '~/schemas/common.ts'
import { exportEventRegistrationsCsv } from '~/services/registration/export-event-registrations.server.ts'
import { deskQueryFromUrl } from '~/services/registration/list-event-registrations.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const paramsSchema = z.object({ eventId: idSchema })

/** The desk's filtered list as CSV, streamed, with headers in the staff member's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const query = deskQueryFromUrl(request.url)
    const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
    const file = await exportEventRegistrationsCsv(getDb(), eventId, query, locale)
    return new Response(file.body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store' } })
  })
}
