import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { hasPermission } from '~/domain/permissions.ts'
import { idSchema } from '~/schemas/common.ts'
import { getCertificatePdf } from '~/services/credits/get-certificate-pdf.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ certificateId: idSchema })

/** The certificate PDF: its holder, or staff who may issue certificates. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { certificateId } = parseParams(paramsSchema, params)
    const staff = hasPermission(user.role, 'issue:certificate:any')
    const file = await getCertificatePdf(getDb(), certificateId, { userId: staff ? undefined : user.id, origin: baseUrlOf(request) })
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${file.filename}"`, 'Cache-Control': 'private, no-store' },
    })
  })
}
