import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { exportQuestionBankGift } from '~/services/exams/list-question-bank.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema })

/** The bank as a GIFT file (latest versions, without retired questions), for Moodle or another platform. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const gift = await exportQuestionBankGift(getDb(), eventId)
    return new Response(gift, {
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="questions-${eventId}.gift.txt"`, 'Cache-Control': 'private, no-store' },
    })
  })
}
