import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { getStudentCard } from '~/services/registration/get-student-card.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema, registrationId: idSchema })

/** A registration's student card, for staff deciding it: shown inline, sandboxed, with the type sniffed at upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, registrationId } = parseParams(paramsSchema, params)
    const card = await getStudentCard(getDb(), { eventId, registrationId })
    return new Response(card.body, {
      headers: {
        'Content-Type': card.contentType,
        // Images open in the browser; a PDF downloads (a sandboxed page cannot run the PDF viewer).
        'Content-Disposition': `${card.contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${card.filename}"`,
        'Cache-Control': 'private, no-store',
        // An uploaded file is served, never interpreted as a page of this site.
        'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'",
        'X-Content-Type-Options': 'nosniff',
      },
    })
  })
}
