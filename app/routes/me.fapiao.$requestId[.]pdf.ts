import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { hasPermission } from '~/domain/permissions.ts'
import { idSchema } from '~/schemas/common.ts'
import { getFapiaoPdf } from '~/services/registration/get-fapiao-pdf.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ requestId: idSchema })

/** A fapiao's PDF: for the attendees it covers and the one who asked, or staff who manage events. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { requestId } = parseParams(paramsSchema, params)
    const file = await getFapiaoPdf(getDb(), { requestId, userId: user.id, staff: hasPermission(user.role, 'manage:event:any') })
    return new Response(file.body, {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'private, no-store',
        // An uploaded file is served, never interpreted as a page of this site.
        'Content-Security-Policy': "sandbox; default-src 'none'",
        'X-Content-Type-Options': 'nosniff',
      },
    })
  })
}
