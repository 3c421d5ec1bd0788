import { describe, expect, test } from 'vitest'
import { summariseTranscript, yearOf, type TranscriptEntry } from './transcript.ts'

const c = (id: string, credits: number, scheme: TranscriptEntry['scheme'], issuedAt: string, status: TranscriptEntry['status'] = 'VALID'): TranscriptEntry => ({
  id,
  credits,
  scheme,
  issuedAt,
  status,
})

describe('summariseTranscript', () => {
  test('totals valid certificates of the year by scheme against the 25-credit requirement', () => {
    const t = summariseTranscript(
      [
        c('a', 10, 'CN_CME_CLASS_I', '2027-03-02T00:00:00Z'),
        c('b', 0.1, 'CN_CME_CLASS_II', '2027-04-02T00:00:00Z'),
        c('c', 0.2, 'CN_CME_CLASS_II', '2027-05-02T00:00:00Z'),
        c('d', 3.25, 'AMA_PRA_CAT1', '2027-06-02T00:00:00Z'),
        c('e', 8, 'CN_CME_CLASS_I', '2027-06-03T00:00:00Z', 'REVOKED'),
        c('f', 8, 'CN_CME_CLASS_I', '2027-06-03T00:00:00Z', 'SUPERSEDED'),
        c('g', 5, 'CN_CME_CLASS_I', '2026-12-31T15:59:59Z'), // 23:59:59 on 31 Dec in Shanghai
      ],
      2027,
    )
    expect(t.entries.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(t.totals).toEqual({ CN_CME_CLASS_I: 10, CN_CME_CLASS_II: 0.3, AMA_PRA_CAT1: 3.25, CUSTOM: 0 })
    expect(t).toMatchObject({ chinaTotal: 10.3, required: 25, met: false, shortfall: 14.7 })
  })

  test.each([
    [25, true, 0],
    [24.99, false, 0.01],
    [30, true, 0],
  ])('%d China credits: met %s, short by %d', (credits, met, shortfall) => {
    expect(summariseTranscript([c('a', credits, 'CN_CME_CLASS_II', '2027-01-01T00:00:00Z')], 2027)).toMatchObject({ met, shortfall })
  })

  test('a year is counted in the given time zone', () => {
    expect(yearOf('2026-12-31T16:00:00Z')).toBe(2027)
    expect(yearOf('2026-12-31T16:00:00Z', 'UTC')).toBe(2026)
  })
})
