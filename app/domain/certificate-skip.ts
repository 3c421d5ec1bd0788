import type { CreditCriterion, CreditResult } from './credits.ts'

/**
 * Why a certificate was not issued to one person (issue 14: a batch said "skipped 12" and
 * never why). Pure: the batch hands in what it learnt, and the reasons come out in a fixed
 * order, most decisive first, so the first one is the one to act on.
 *
 * - ALREADY_ISSUED: the person holds a valid current certificate under the rule.
 * - CERTIFICATE_REVOKED: the current certificate is revoked; staff re-issue it explicitly.
 * - RULE_INACTIVE: the rule was switched off after the batch was requested.
 * - NOT_CONFIRMED: the registration is no longer confirmed (cancelled since the batch listed it).
 * - NO_ATTENDANCE: not a minute of attendance in the rule's scope from the sources it accepts
 *   (the rule covers nothing this person attended); replaces TOO_FEW_MINUTES / TOO_LOW_SHARE.
 * - TOO_FEW_MINUTES / TOO_LOW_SHARE / EXAM_NOT_PASSED / EVALUATION_MISSING / PRESENCE_UNANSWERED:
 *   the rule's unmet criteria, one each (ATTENDED_MINUTES, ATTENDED_RATIO, EXAM, EVALUATION, PRESENCE).
 * - NO_CREDIT: every criterion is met but the credit comes to 0 (a per-hour rule with nothing attended).
 * - FAILED: an error; the item is counted as failed, not skipped.
 */
export const SKIP_REASONS = [
  'ALREADY_ISSUED',
  'CERTIFICATE_REVOKED',
  'RULE_INACTIVE',
  'NOT_CONFIRMED',
  'NO_ATTENDANCE',
  'TOO_FEW_MINUTES',
  'TOO_LOW_SHARE',
  'EXAM_NOT_PASSED',
  'EVALUATION_MISSING',
  'PRESENCE_UNANSWERED',
  'NO_CREDIT',
  'FAILED',
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

const CRITERION_REASON: Record<CreditCriterion['name'], SkipReason> = {
  ATTENDED_MINUTES: 'TOO_FEW_MINUTES',
  ATTENDED_RATIO: 'TOO_LOW_SHARE',
  EXAM: 'EXAM_NOT_PASSED',
  EVALUATION: 'EVALUATION_MISSING',
  PRESENCE: 'PRESENCE_UNANSWERED',
}

/**
 * The reasons a credit result issues nothing: its unmet criteria, NO_ATTENDANCE instead of
 * the attendance criteria when nothing at all was attended, NO_CREDIT when everything is
 * met but the credit is 0. Empty when the result earns a certificate.
 */
export function creditSkipReasons(result: Pick<CreditResult, 'eligible' | 'credits' | 'attendedMinutes' | 'criteria'>): SkipReason[] {
  if (result.eligible && result.credits > 0) return []
  const unmet = result.criteria.filter((c) => !c.met).map((c) => CRITERION_REASON[c.name])
  const attendanceUnmet = unmet.some((r) => r === 'TOO_FEW_MINUTES' || r === 'TOO_LOW_SHARE')
  const reasons = result.attendedMinutes <= 0 && attendanceUnmet ? ['NO_ATTENDANCE' as const, ...unmet.filter((r) => r !== 'TOO_FEW_MINUTES' && r !== 'TOO_LOW_SHARE')] : unmet
  if (reasons.length === 0) reasons.push(result.attendedMinutes <= 0 ? 'NO_ATTENDANCE' : 'NO_CREDIT')
  return sortReasons(reasons)
}

/** Reasons in the fixed order of SKIP_REASONS, each once. */
export function sortReasons(reasons: readonly SkipReason[]): SkipReason[] {
  const set = new Set(reasons)
  return SKIP_REASONS.filter((r) => set.has(r))
}
