import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { resolveLocale } from '~/domain/locale.ts'
import { idSchema } from '~/schemas/common.ts'
import { exportCertificatesCsv } from '~/services/credits/export-credits.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'issue:certificate:any')
    const { eventId } = parseParams(paramsSchema, params)
    // Headers, statuses and rule names in the staff member's language.
    const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
    const file = await exportCertificatesCsv(getDb(), eventId, locale)
    return new Response(file.body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store' } })
  })
}
