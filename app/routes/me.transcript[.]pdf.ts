import type { LoaderFunctionArgs } from '@remix-run/node'
import { SCHEME_LABELS } from '~/domain/credit-labels.ts'
import { dayKey } from '~/domain/time.ts'
import { yearOf } from '~/domain/transcript.ts'
import { getTranscript } from '~/services/credits/get-my-credits.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { renderTranscriptPdf } from '~/services/credits/certificate-pdf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { yearQuerySchema } from '~/schemas/credits.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { year } = parseParams(yearQuerySchema, Object.fromEntries(new URL(request.url).searchParams))
    const { user: holder, transcript } = await getTranscript(getDb(), user.id, year ?? yearOf(new Date().toISOString()))
    const env = getEnv()
    const pdf = await renderTranscriptPdf({
      issuerZh: env.CERTIFICATE_ISSUER_ZH,
      issuerEn: env.CERTIFICATE_ISSUER_EN,
      holderName: holder.realName,
      year: transcript.year,
      rows: transcript.entries.map((e) => ({
        date: dayKey(new Date(e.issuedAt), e.event.timeZone),
        activity: `${e.event.titleZh}\n${e.event.titleEn}`,
        scheme: SCHEME_LABELS[e.scheme].zh,
        projectNumber: e.rule.projectNumber,
        credits: e.credits,
      })),
      totals: (Object.keys(transcript.totals) as (keyof typeof transcript.totals)[]).map((k) => ({ label: `${SCHEME_LABELS[k].zh} / ${SCHEME_LABELS[k].en}`, credits: transcript.totals[k] })),
      chinaTotal: transcript.chinaTotal,
      required: transcript.required,
      met: transcript.met,
    })
    return new Response(new Uint8Array(pdf), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="transcript-${transcript.year}.pdf"`, 'Cache-Control': 'private, no-store' },
    })
  })
}
