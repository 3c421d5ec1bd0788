import { describe, expect, test } from 'vitest'
import { analyseItems, type AnalysedAttempt } from './item-analysis.ts'

/** One attempt from a row of scores: { A: 1, B: 0 } → items A and B worth one mark each. */
const attempt = (scores: Record<string, number>, mark = 1): AnalysedAttempt => ({ items: Object.entries(scores).map(([key, score]) => ({ key, score, mark })) })
const byKey = (attempts: AnalysedAttempt[]) => Object.fromEntries(analyseItems(attempts).map((s) => [s.key, s]))

describe('analyseItems', () => {
  // Five candidates, three questions. Worked by hand:
  //   A: item [1,1,1,0,0] vs rest (B+C)/2 [1,.5,0,.5,0] → r = .30 / √(1.2 × .70) = 0.3273
  //   B: item [1,1,0,0,0] vs rest (A+C)/2 [1,.5,.5,.5,0] → r = .50 / √(1.2 × .50) = 0.6455
  //   C: item [1,0,0,1,0] vs rest (A+B)/2 [1,1,.5,0,0]   → r = 0
  const cohort = [attempt({ A: 1, B: 1, C: 1 }), attempt({ A: 1, B: 1, C: 0 }), attempt({ A: 1, B: 0, C: 0 }), attempt({ A: 0, B: 0, C: 1 }), attempt({ A: 0, B: 0, C: 0 })]

  test.each([
    ['A', 5, 0.6, 0.3273, 1],
    ['B', 5, 0.4, 0.6455, 1],
    ['C', 5, 0.4, 0, 1],
  ])('question %s: %s attempts, facility %s, discrimination %s, upper–lower %s', (key, attempts, facility, discrimination, upperLower) => {
    expect(byKey(cohort)[key]).toEqual({ key, attempts, facility, discrimination, upperLower })
  })

  test('a question everybody got right has facility 1 and no discrimination (no spread)', () => {
    const stats = byKey([attempt({ easy: 1, B: 1 }), attempt({ easy: 1, B: 0 }), attempt({ easy: 1, B: 0 })])
    expect(stats.easy).toMatchObject({ facility: 1, discrimination: null })
  })

  test('a question the weak get right and the strong get wrong discriminates negatively', () => {
    const stats = byKey([attempt({ odd: 0, B: 1, C: 1 }), attempt({ odd: 0, B: 1, C: 1 }), attempt({ odd: 1, B: 0, C: 0 }), attempt({ odd: 1, B: 0, C: 0 })])
    expect(stats.odd!.discrimination).toBe(-1)
    expect(stats.odd!.upperLower).toBe(-1)
  })

  test('partial credit counts as its fraction of the mark', () => {
    const stats = byKey([attempt({ A: 0.5 }, 2), attempt({ A: 1 }, 2), attempt({ A: 0 }, 2)])
    expect(stats.A!.facility).toBe(0.5)
  })

  test('random papers: a question is analysed over the attempts that drew it, rest scores as fractions', () => {
    const stats = byKey([attempt({ A: 1, X: 1 }), attempt({ A: 0, Y: 0 }), attempt({ B: 1, X: 1, Y: 1 })])
    expect(stats.A).toMatchObject({ attempts: 2, facility: 0.5, discrimination: 1 })
    expect(stats.B).toMatchObject({ attempts: 1, facility: 1, discrimination: null })
    expect(Object.keys(stats)).toEqual(['A', 'X', 'Y', 'B'])
  })

  test.each([
    ['no attempts', []],
    ['one attempt', [attempt({ A: 1, B: 0 })]],
  ])('%s: no discrimination and no upper–lower index', (_name, attempts) => {
    for (const s of analyseItems(attempts)) expect(s).toMatchObject({ discrimination: null, upperLower: null })
  })

  test('upper and lower groups are 27% of the cohort: 10 candidates → 3 each', () => {
    // A 10-mark question R ranks candidate i in place i; Q is right for the top 3 and for 1 of the bottom 3.
    const scores = [1, 1, 1, 0, 1, 0, 0, 1, 0, 0]
    const attempts = scores.map((q, i) => ({
      items: [
        { key: 'Q', score: q, mark: 1 },
        { key: 'R', score: (10 - i) / 10, mark: 10 },
      ],
    }))
    expect(byKey(attempts).Q!.upperLower).toBe(0.6667)
  })
})
