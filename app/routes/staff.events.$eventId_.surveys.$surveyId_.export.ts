import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { exportSurveyReport } from '~/services/surveys/get-survey-report.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema, surveyId: idSchema })
const querySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') })

/** The anonymous report: counts per question and choice, free text and overall satisfaction. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, surveyId } = parseParams(paramsSchema, params)
    const { format } = parseParams(querySchema, Object.fromEntries(new URL(request.url).searchParams))
    const file = await exportSurveyReport(getDb(), { eventId, surveyId, format })
    const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body)
    return new Response(body, { headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.filename}"`, 'Cache-Control': 'private, no-store' } })
  })
}
