/**
 * Item analysis for an exam's results (issue 6): how hard each question was and how well
 * it separated the candidates who knew the material from those who didn't. Pure; the
 * results page and the export call it with the graded attempts.
 *
 * Definitions (classical test theory, as in Moodle's quiz statistics report):
 * - Facility: the mean score on the question, as a fraction of its mark (0 = nobody got
 *   it, 1 = everybody did). Moodle's "facility index".
 * - Discrimination: the Pearson correlation between the score on the question and the
 *   score on the rest of the paper (total minus this question, as a fraction of the rest's
 *   marks): Moodle's "discrimination index", here in −1…1 rather than −100…100. Null when
 *   it is undefined: fewer than 2 attempts, or no spread in either score.
 * - Upper–lower index (区分度 D): the facility among the top 27% of candidates by total
 *   score minus the facility among the bottom 27%, the form Chinese exam offices report.
 *   Group size is round(0.27 n), at least 1; null with fewer than 4 attempts, where the two
 *   groups would be one or two people. Ties at a group boundary fall by attempt order.
 *
 * Random exams give candidates different questions: each question is analysed over the
 * attempts that drew it, and each attempt's rest score is a fraction so that papers of
 * different lengths compare.
 */

export type AnalysedAttempt = { items: readonly { key: string; score: number; mark: number }[] }
export type ItemStatistics = {
  key: string
  /** Attempts that had this question. */
  attempts: number
  facility: number | null
  discrimination: number | null
  upperLower: number | null
}

export function analyseItems(attempts: readonly AnalysedAttempt[]): ItemStatistics[] {
  const keys: string[] = []
  const seen = new Set<string>()
  for (const attempt of attempts) {
    for (const item of attempt.items) {
      if (!seen.has(item.key)) {
        seen.add(item.key)
        keys.push(item.key)
      }
    }
  }
  const totals = attempts.map((a) => ({
    points: a.items.reduce((sum, i) => sum + clamp(i.score) * i.mark, 0),
    marks: a.items.reduce((sum, i) => sum + i.mark, 0),
  }))
  const fraction = (points: number, marks: number) => (marks > 0 ? points / marks : 0)

  // Upper and lower groups over the whole cohort by total score (stable: attempt order breaks ties).
  const n = attempts.length
  const ranked = attempts.map((_, i) => i).sort((a, b) => fraction(totals[b]!.points, totals[b]!.marks) - fraction(totals[a]!.points, totals[a]!.marks) || a - b)
  const groupSize = Math.max(1, Math.round(0.27 * n))
  const upper = new Set(ranked.slice(0, groupSize))
  const lower = new Set(ranked.slice(n - groupSize))

  return keys.map((key) => {
    const item: number[] = []
    const rest: number[] = []
    const upperScores: number[] = []
    const lowerScores: number[] = []
    attempts.forEach((attempt, i) => {
      const found = attempt.items.find((x) => x.key === key)
      if (!found) return
      const score = clamp(found.score)
      item.push(score)
      rest.push(fraction(totals[i]!.points - score * found.mark, totals[i]!.marks - found.mark))
      if (upper.has(i)) upperScores.push(score)
      if (lower.has(i)) lowerScores.push(score)
    })
    const facility = item.length === 0 ? null : round(mean(item))
    const upperLower = n < 4 || upperScores.length === 0 || lowerScores.length === 0 ? null : round(mean(upperScores) - mean(lowerScores))
    return { key, attempts: item.length, facility, discrimination: correlation(item, rest), upperLower }
  })
}

function correlation(xs: number[], ys: number[]): number | null {
  if (xs.length < 2) return null
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx
    const dy = ys[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  if (sxx < 1e-12 || syy < 1e-12) return null
  return round(sxy / Math.sqrt(sxx * syy))
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const clamp = (x: number) => Math.min(1, Math.max(0, x))
/** Four decimals: enough for a report, and stable in tests. */
const round = (x: number) => Math.round(x * 10_000) / 10_000 + 0
