import { describe, expect, test } from 'vitest'
import { creditSkipReasons, sortReasons, type SkipReason } from './certificate-skip.ts'
import type { CreditCriterion, CreditResult } from './credits.ts'

const unmet = (name: CreditCriterion['name']): CreditCriterion => ({ name, met: false, actual: 0, required: 1 })
const met = (name: CreditCriterion['name']): CreditCriterion => ({ name, met: true, actual: 1, required: 1 })
const result = (attendedMinutes: number, criteria: CreditCriterion[], credits = 0): Pick<CreditResult, 'eligible' | 'credits' | 'attendedMinutes' | 'criteria'> => ({
  eligible: criteria.every((c) => c.met),
  credits,
  attendedMinutes,
  criteria,
})

describe('creditSkipReasons', () => {
  test.each<[string, ReturnType<typeof result>, SkipReason[]]>([
    ['a result that earns a certificate has no reason', result(90, [met('ATTENDED_MINUTES')], 2), []],
    ['too few minutes', result(40, [unmet('ATTENDED_MINUTES'), met('EXAM')]), ['TOO_FEW_MINUTES']],
    ['too low a share of the programme', result(40, [unmet('ATTENDED_RATIO')]), ['TOO_LOW_SHARE']],
    ['exam not passed', result(90, [met('ATTENDED_MINUTES'), unmet('EXAM')]), ['EXAM_NOT_PASSED']],
    ['evaluation survey missing', result(90, [met('ATTENDED_MINUTES'), unmet('EVALUATION')]), ['EVALUATION_MISSING']],
    ['presence checks unanswered', result(90, [unmet('PRESENCE')]), ['PRESENCE_UNANSWERED']],
    ['several unmet criteria, in the fixed order', result(40, [unmet('EVALUATION'), unmet('EXAM'), unmet('ATTENDED_MINUTES')]), ['TOO_FEW_MINUTES', 'EXAM_NOT_PASSED', 'EVALUATION_MISSING']],
    ['nothing attended replaces the attendance criteria', result(0, [unmet('ATTENDED_MINUTES'), unmet('ATTENDED_RATIO'), unmet('EXAM')]), ['NO_ATTENDANCE', 'EXAM_NOT_PASSED']],
    ['nothing attended under a rule without attendance criteria, and no credit', result(0, [], 0), ['NO_ATTENDANCE']],
    ['all criteria met but the credit comes to 0', result(5, [met('EXAM')], 0), ['NO_CREDIT']],
    ['an unmet exam with nothing attended and no attendance criterion', result(0, [unmet('EXAM')]), ['EXAM_NOT_PASSED']],
  ])('%s', (_name, input, expected) => {
    expect(creditSkipReasons(input)).toEqual(expected)
  })
})

test('sortReasons keeps the fixed order and drops repeats', () => {
  expect(sortReasons(['FAILED', 'EXAM_NOT_PASSED', 'ALREADY_ISSUED', 'EXAM_NOT_PASSED'])).toEqual(['ALREADY_ISSUED', 'EXAM_NOT_PASSED', 'FAILED'])
})
