import { compactDateRange, projectNumberLine } from '~/domain/certificate-text.ts'
import { SCHEME_LABELS } from '~/domain/credit-labels.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { renderTranscriptPdf, type TranscriptPage } from './certificate-pdf.server.ts'
import { getTranscript } from './get-my-credits.server.ts'

/**
 * The yearly transcript's page data: each activity dated by its own dates in its event's time
 * zone (not the day its certificate was issued) and listed in the order it took place, both
 * languages in every cell. The platform is the issuer (a transcript spans associations).
 */
export async function getTranscriptPage(db: Db, userId: string, year: number): Promise<TranscriptPage> {
  const { user, transcript } = await getTranscript(db, userId, year)
  const env = getEnv()
  const entries = [...transcript.entries].sort((a, b) => a.event.startsAt.getTime() - b.event.startsAt.getTime() || a.issuedAt.localeCompare(b.issuedAt))
  return {
    issuerZh: env.CERTIFICATE_ISSUER_ZH,
    issuerEn: env.CERTIFICATE_ISSUER_EN,
    holderName: user.realName,
    year: transcript.year,
    rows: entries.map((e) => ({
      dates: compactDateRange(e.event.startsAt, e.event.endsAt, e.event.timeZone),
      activityZh: e.event.titleZh,
      activityEn: e.event.titleEn,
      schemeZh: SCHEME_LABELS[e.scheme].zh,
      schemeEn: SCHEME_LABELS[e.scheme].en,
      project: projectNumberLine(e.rule.projectNumber, e.rule.projectLevel),
      credits: e.credits,
    })),
    totals: (Object.keys(transcript.totals) as (keyof typeof transcript.totals)[]).map((k) => ({ labelZh: SCHEME_LABELS[k].zh, labelEn: SCHEME_LABELS[k].en, credits: transcript.totals[k] })),
    chinaTotal: transcript.chinaTotal,
    required: transcript.required,
    met: transcript.met,
  }
}

export async function getTranscriptPdf(db: Db, userId: string, year: number) {
  const page = await getTranscriptPage(db, userId, year)
  return { filename: `transcript-${page.year}.pdf`, body: await renderTranscriptPdf(page) }
}
