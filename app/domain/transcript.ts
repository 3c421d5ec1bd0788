import type { CreditScheme } from './credits.ts'

/**
 * The yearly credit transcript (学分核验): valid certificates issued in a calendar year
 * (in the given time zone, Asia/Shanghai by default), totalled by scheme. China requires at
 * least 25 credits a year (国卫办科教发〔2024〕20号); Class I and Class II both count towards
 * it. Revoked and superseded certificates never count (a superseded one's successor does).
 */
export const CHINA_YEARLY_REQUIREMENT = 25

export type TranscriptEntry = { id: string; credits: number; scheme: CreditScheme; issuedAt: string; status: 'VALID' | 'REVOKED' | 'SUPERSEDED' }
export type Transcript<E extends TranscriptEntry> = {
  year: number
  entries: E[]
  totals: Record<CreditScheme, number>
  chinaTotal: number
  required: number
  met: boolean
  shortfall: number
}

export function yearOf(iso: string, timeZone = 'Asia/Shanghai'): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(new Date(iso)))
}

export function summariseTranscript<E extends TranscriptEntry>(certificates: E[], year: number, timeZone = 'Asia/Shanghai'): Transcript<E> {
  const entries = certificates.filter((c) => c.status === 'VALID' && yearOf(c.issuedAt, timeZone) === year).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt))
  const totals: Record<CreditScheme, number> = { CN_CME_CLASS_I: 0, CN_CME_CLASS_II: 0, AMA_PRA_CAT1: 0, CUSTOM: 0 }
  // Sum in hundredths so 0.1 + 0.2 is 0.3.
  const hundredths: Record<CreditScheme, number> = { CN_CME_CLASS_I: 0, CN_CME_CLASS_II: 0, AMA_PRA_CAT1: 0, CUSTOM: 0 }
  for (const e of entries) hundredths[e.scheme] += Math.round(e.credits * 100)
  for (const k of Object.keys(totals) as CreditScheme[]) totals[k] = hundredths[k] / 100
  const chinaTotal = (hundredths.CN_CME_CLASS_I + hundredths.CN_CME_CLASS_II) / 100
  return {
    year,
    entries,
    totals,
    chinaTotal,
    required: CHINA_YEARLY_REQUIREMENT,
    met: chinaTotal >= CHINA_YEARLY_REQUIREMENT,
    shortfall: Math.max(0, Math.round((CHINA_YEARLY_REQUIREMENT - chinaTotal) * 100) / 100),
  }
}
