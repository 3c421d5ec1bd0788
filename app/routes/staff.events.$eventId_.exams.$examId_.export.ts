import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { exportExamCsv, exportExamXlsx } from '~/services/exams/export-exam-results.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema, examId: idSchema })
const querySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), part: z.enum(['results', 'questions', 'statistics']).default('results') })

/** ?format=xlsx: results, questions and statistics as three sheets; ?format=csv&part=…: one of them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, examId } = parseParams(paramsSchema, params)
    const query = parseParams(querySchema, Object.fromEntries(new URL(request.url).searchParams))
    const headers = (type: string, filename: string) => ({ 'Content-Type': type, 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'private, no-store' })
    if (query.format === 'csv') {
      const file = await exportExamCsv(getDb(), { eventId, examId, part: query.part })
      return new Response(file.body, { headers: headers('text/csv; charset=utf-8', file.filename) })
    }
    const file = await exportExamXlsx(getDb(), { eventId, examId })
    return new Response(new Uint8Array(file.body), { headers: headers('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file.filename) })
  })
}
