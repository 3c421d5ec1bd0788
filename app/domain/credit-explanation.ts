import type { CreditResult } from './credits.ts'

/**
 * The attendee's explanation of a credit result, one part per criterion, with the numbers
 * ("attended 142/180 min (need 150) · exam passed · evaluation pending"). Pure; the page
 * translates each part by its `key` (credits.explain.<key>), and `explainCreditText` writes
 * the plain-text form used in exports and tests.
 */
export type ExplanationPart =
  | { key: 'minutes'; met: boolean; attended: number; scheduled: number; required: number }
  | { key: 'ratio'; met: boolean; attended: number; scheduled: number; percent: number; requiredPercent: number }
  | { key: 'exam_passed' | 'exam_pending' | 'evaluation_done' | 'evaluation_pending'; met: boolean }
  | { key: 'presence'; met: boolean; percent: number; requiredPercent: number }
  | { key: 'credits'; met: boolean; credits: number }

export function explainCredit(result: CreditResult): ExplanationPart[] {
  // Minutes are shown rounded down, so "need 150" is never shown next to a rounded-up "150".
  const attended = Math.floor(result.attendedMinutes)
  const scheduled = Math.round(result.scheduledMinutes)
  const parts: ExplanationPart[] = []
  for (const c of result.criteria) {
    if (c.name === 'ATTENDED_MINUTES') parts.push({ key: 'minutes', met: c.met, attended, scheduled, required: Number(c.required) })
    else if (c.name === 'ATTENDED_RATIO')
      parts.push({ key: 'ratio', met: c.met, attended, scheduled, percent: Math.floor(Number(c.actual) * 100), requiredPercent: Math.round(Number(c.required) * 100) })
    else if (c.name === 'EXAM') parts.push({ key: c.met ? 'exam_passed' : 'exam_pending', met: c.met })
    else if (c.name === 'EVALUATION') parts.push({ key: c.met ? 'evaluation_done' : 'evaluation_pending', met: c.met })
    else parts.push({ key: 'presence', met: c.met, percent: Math.floor(Number(c.actual) * 100), requiredPercent: Math.round(Number(c.required) * 100) })
  }
  if (!result.criteria.some((c) => c.name === 'ATTENDED_MINUTES' || c.name === 'ATTENDED_RATIO')) {
    parts.unshift({ key: 'minutes', met: true, attended, scheduled, required: 0 })
  }
  parts.push({ key: 'credits', met: result.eligible, credits: result.credits })
  return parts
}

export function explainCreditText(result: CreditResult): string {
  return explainCredit(result)
    .map((p) => {
      switch (p.key) {
        case 'minutes':
          return p.required > 0 ? `attended ${p.attended}/${p.scheduled} min (need ${p.required})` : `attended ${p.attended}/${p.scheduled} min`
        case 'ratio':
          return `attended ${p.percent}% of ${p.scheduled} min (need ${p.requiredPercent}%)`
        case 'exam_passed':
          return 'exam passed'
        case 'exam_pending':
          return 'exam pending'
        case 'evaluation_done':
          return 'evaluation completed'
        case 'evaluation_pending':
          return 'evaluation pending'
        case 'presence':
          return `presence checks ${p.percent}% (need ${p.requiredPercent}%)`
        case 'credits':
          return p.met ? `${p.credits} credits` : 'no credit yet'
      }
    })
    .join(' · ')
}
