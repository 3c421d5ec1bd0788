import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { venueCounts } from '~/services/attendance/check-in.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema })

/** Live head counts per venue, polled by the staff console. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return Response.json({ counts: await venueCounts(getDb(), eventId), at: new Date().toISOString() }, { headers: { 'Cache-Control': 'no-store' } })
  })
}
