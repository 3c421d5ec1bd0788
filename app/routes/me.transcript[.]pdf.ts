import type { LoaderFunctionArgs } from '@remix-run/node'
import { yearOf } from '~/domain/transcript.ts'
import { yearQuerySchema } from '~/schemas/credits.ts'
import { getTranscriptPdf } from '~/services/credits/get-transcript-pdf.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

/** The signed-in person's yearly transcript as a PDF (this year unless ?year=). */
export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { year } = parseParams(yearQuerySchema, Object.fromEntries(new URL(request.url).searchParams))
    const file = await getTranscriptPdf(getDb(), user.id, year ?? yearOf(new Date().toISOString()))
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${file.filename}"`, 'Cache-Control': 'private, no-store' },
    })
  })
}
