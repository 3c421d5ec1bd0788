import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { resolveLocale } from '~/domain/locale.ts'
import { idSchema } from '~/schemas/common.ts'
import { exportFapiaoRequests } from '~/services/registration/export-fapiao-requests.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

const paramsSchema = z.object({ eventId: idSchema })

/** The event's fapiao requests as the invoicing clerk's workbook, headers in the staff member's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
    const file = await exportFapiaoRequests(getDb(), eventId, locale)
    return new Response(file.body, {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  })
}
