/**
 * Evaluation surveys (issue 6): which answers are valid, and the anonymous report. Pure.
 *
 * - LIKERT is a 1–5 satisfaction scale (1 very dissatisfied … 5 very satisfied).
 * - SINGLE_CHOICE answers an option index; MULTIPLE_CHOICE distinct option indexes.
 * - FREE_TEXT is trimmed, at most 2,000 characters; blank counts as not answered.
 * - A required question must be answered; an optional one may be left out.
 * - Overall satisfaction (the seed reports' "满意度 95% 以上") is the share of all Likert
 *   answers, over every Likert question, that are 4 or 5; null when there are none.
 */

export const SURVEY_QUESTION_TYPES = ['LIKERT', 'SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'FREE_TEXT'] as const
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number]
export const LIKERT_POINTS = [1, 2, 3, 4, 5] as const
export const FREE_TEXT_MAX = 2000

export type SurveyQuestionDef = { id: string; type: SurveyQuestionType; required: boolean; optionCount: number }
export type SurveyAnswer = number | number[] | string
export type SurveyAnswers = Record<string, SurveyAnswer>
export type SurveyAnswerError = 'required' | 'invalid'

export function validateSurveyAnswers(
  questions: readonly SurveyQuestionDef[],
  raw: Record<string, unknown>,
): { ok: true; answers: SurveyAnswers } | { ok: false; errors: Record<string, SurveyAnswerError> } {
  const answers: SurveyAnswers = {}
  const errors: Record<string, SurveyAnswerError> = {}
  for (const q of questions) {
    const value = raw[q.id]
    const blank = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'string' && value.trim() === '')
    if (blank) {
      if (q.required) errors[q.id] = 'required'
      continue
    }
    const answer = readAnswer(q, value)
    if (answer === null) errors[q.id] = 'invalid'
    else answers[q.id] = answer
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers }
}

function readAnswer(q: SurveyQuestionDef, value: unknown): SurveyAnswer | null {
  const index = (v: unknown) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < q.optionCount ? n : null
  }
  switch (q.type) {
    case 'LIKERT': {
      const n = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value
      return typeof n === 'number' && (LIKERT_POINTS as readonly number[]).includes(n) ? n : null
    }
    case 'SINGLE_CHOICE':
      return index(value)
    case 'MULTIPLE_CHOICE': {
      const list = (Array.isArray(value) ? value : [value]).map(index)
      if (list.some((i) => i === null)) return null
      return [...new Set(list as number[])].sort((a, b) => a - b)
    }
    case 'FREE_TEXT':
      return typeof value === 'string' && value.trim().length <= FREE_TEXT_MAX ? value.trim() : null
  }
}

export type QuestionSummary =
  | { id: string; type: 'LIKERT'; answered: number; counts: number[]; mean: number | null; satisfied: number | null }
  | { id: string; type: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE'; answered: number; counts: number[] }
  | { id: string; type: 'FREE_TEXT'; answered: number; texts: string[] }
/**
 * An anonymous report shows answers only once this many people have responded: below it, one
 * respondent's free text, or the counts of one or two people, tell staff who said what.
 */
export const ANONYMOUS_REPORT_MIN_RESPONSES = 3

/** `withheld`: fewer responses than the minimum, so only their number is reported. */
export type SurveyReport = { responses: number; withheld: boolean; overallSatisfaction: number | null; questions: QuestionSummary[] }

/**
 * Per-question counts over anonymous responses. `counts[i]` is the number of answers with
 * Likert point i + 1, or option i. Percentages have one decimal. Answers that no longer fit
 * the question (an option removed after people answered) are not counted.
 */
export function summariseSurvey(questions: readonly SurveyQuestionDef[], all: readonly SurveyAnswers[], minResponses = ANONYMOUS_REPORT_MIN_RESPONSES): SurveyReport {
  // Below the minimum, every question is summarised over no answers: the report holds the number of responses only.
  const withheld = all.length < minResponses
  const responses = withheld ? [] : all
  let likertAnswers = 0
  let likertSatisfied = 0
  const summaries = questions.map((q): QuestionSummary => {
    const values = responses.map((r) => r[q.id]).filter((v) => v !== undefined)
    switch (q.type) {
      case 'LIKERT': {
        const points = values.filter((v): v is number => typeof v === 'number' && (LIKERT_POINTS as readonly number[]).includes(v))
        const counts = LIKERT_POINTS.map((p) => points.filter((v) => v === p).length)
        const satisfied = points.filter((v) => v >= 4).length
        likertAnswers += points.length
        likertSatisfied += satisfied
        return {
          id: q.id,
          type: 'LIKERT',
          answered: points.length,
          counts,
          mean: points.length === 0 ? null : round(points.reduce((a, b) => a + b, 0) / points.length, 2),
          satisfied: percent(satisfied, points.length),
        }
      }
      case 'SINGLE_CHOICE':
      case 'MULTIPLE_CHOICE': {
        const counts = Array.from({ length: q.optionCount }, () => 0)
        let answered = 0
        for (const v of values) {
          const chosen = (Array.isArray(v) ? v : [v]).filter((i): i is number => typeof i === 'number' && i >= 0 && i < q.optionCount)
          if (chosen.length === 0) continue
          answered++
          for (const i of new Set(chosen)) counts[i]!++
        }
        return { id: q.id, type: q.type, answered, counts }
      }
      case 'FREE_TEXT': {
        const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
        return { id: q.id, type: 'FREE_TEXT', answered: texts.length, texts }
      }
    }
  })
  return { responses: all.length, withheld, overallSatisfaction: percent(likertSatisfied, likertAnswers), questions: summaries }
}

const percent = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1))
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places
