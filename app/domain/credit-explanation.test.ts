import { describe, expect, test } from 'vitest'
import { explainCredit, explainCreditText } from './credit-explanation.ts'
import type { CreditResult } from './credits.ts'

const base: CreditResult = { eligible: false, credits: 0, attendedMinutes: 142.7, scheduledMinutes: 180, criteria: [] }

describe('explainCreditText', () => {
  test.each<[string, CreditResult, string]>([
    [
      'the issue example',
      {
        ...base,
        criteria: [
          { name: 'ATTENDED_MINUTES', met: false, actual: 142.7, required: 150 },
          { name: 'EXAM', met: true, actual: true, required: true },
          { name: 'EVALUATION', met: false, actual: false, required: true },
        ],
      },
      'attended 142/180 min (need 150) · exam passed · evaluation pending · no credit yet',
    ],
    [
      'an eligible ratio rule',
      { ...base, eligible: true, credits: 2.5, attendedMinutes: 160, criteria: [{ name: 'ATTENDED_RATIO', met: true, actual: 160 / 180, required: 0.8 }] },
      'attended 88% of 180 min (need 80%) · 2.5 credits',
    ],
    [
      'no attendance criterion still shows the minutes',
      { ...base, eligible: true, credits: 1, criteria: [{ name: 'EXAM', met: true, actual: true, required: true }] },
      'attended 142/180 min · exam passed · 1 credits',
    ],
    [
      'presence checks',
      {
        ...base,
        criteria: [
          { name: 'PRESENCE', met: false, actual: 0.5, required: 0.75 },
          { name: 'EVALUATION', met: true, actual: true, required: true },
        ],
      },
      'attended 142/180 min · presence checks 50% (need 75%) · evaluation completed · no credit yet',
    ],
  ])('%s', (_label, result, text) => {
    expect(explainCreditText(result)).toBe(text)
  })

  test('every part says whether it is met', () => {
    const parts = explainCredit({ ...base, criteria: [{ name: 'EXAM', met: false, actual: false, required: true }] })
    expect(parts.map((p) => [p.key, p.met])).toEqual([
      ['minutes', true],
      ['exam_pending', false],
      ['credits', false],
    ])
  })
})
