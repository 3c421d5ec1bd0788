import { isFullCredit, parseNumber, type MultipleChoiceScoring, type NumericalAnswer, type Question } from './question.ts'

/**
 * Grading (issue 6): one response to one question gives a score, a fraction of the
 * question's mark in [0, 1]; an attempt adds those up in points. Pure, so a regrade after a
 * corrected key is the same call on the same responses.
 *
 * Rules, following Moodle where it has one:
 * - No question scores below 0 or above 1, whatever the weights.
 * - A score within 1e-6 of 1 is 1 (3 × 33.33333% is full marks, as in Moodle), and scores
 *   are rounded to 7 decimal places, as Moodle stores fractions.
 * - Single choice: the chosen option's weight. True/false: 1 or 0.
 * - Multiple choice: see `MultipleChoiceScoring`. Choosing an option twice counts once;
 *   option numbers that don't exist are ignored.
 * - Short answer: the response and each accepted answer are compared after NFKC (full-width
 *   ＡＢＣ１２３ and half-width ABC123 are the same), trimming, collapsing spaces and ignoring
 *   case. `*` in an accepted answer matches anything (`\*` is a literal asterisk). Accepted
 *   answers are tried in order and the first that matches decides, as in Moodle, so a
 *   catch-all `*` goes last.
 * - Numerical: the response is read by `parseNumber` (full-width digits count); answers are
 *   tried in order, the first whose tolerance or range holds it decides. Tolerances get a
 *   hair of slack (1e-9, relative) so that 3.15 is within 3.14 ± 0.01 despite binary floats.
 * - A blank or missing response scores 0.
 * - `correct` means full marks.
 */

/** Options are numbered by their position in the question as stored, not as shown (see `shuffleOptions`). */
export type QuestionResponse =
  | { type: 'SINGLE_CHOICE'; option: number | null }
  | { type: 'MULTIPLE_CHOICE'; options: number[] }
  | { type: 'TRUE_FALSE'; answer: boolean | null }
  | { type: 'SHORT_ANSWER'; text: string }
  | { type: 'NUMERICAL'; text: string }

export type Grade = { score: number; correct: boolean }

const NO_CREDIT: Grade = { score: 0, correct: false }

/** Throws when the response is for another type of question: that is a bug, not a wrong answer. */
export function gradeAnswer(question: Question, response: QuestionResponse | null | undefined): Grade {
  if (!response) return NO_CREDIT
  if (response.type !== question.type) throw new Error(`A ${response.type} response can't answer a ${question.type} question.`)
  switch (question.type) {
    case 'SINGLE_CHOICE': {
      const { option } = response as Extract<QuestionResponse, { type: 'SINGLE_CHOICE' }>
      return option === null ? NO_CREDIT : toGrade(question.options[option]?.weight ?? 0)
    }
    case 'MULTIPLE_CHOICE': {
      const chosen = new Set((response as Extract<QuestionResponse, { type: 'MULTIPLE_CHOICE' }>).options.filter((i) => question.options[i] !== undefined))
      return toGrade(
        scoreMultipleChoice(
          question.options.map((o) => o.weight),
          chosen,
          question.scoring,
        ),
      )
    }
    case 'TRUE_FALSE': {
      const { answer } = response as Extract<QuestionResponse, { type: 'TRUE_FALSE' }>
      return answer === null ? NO_CREDIT : toGrade(answer === question.answer ? 1 : 0)
    }
    case 'SHORT_ANSWER': {
      const given = normaliseAnswerText((response as Extract<QuestionResponse, { type: 'SHORT_ANSWER' }>).text)
      if (given === '') return NO_CREDIT
      const match = question.answers.find((a) => matchesAnswer(given, a.text))
      return toGrade(match?.weight ?? 0)
    }
    case 'NUMERICAL': {
      const value = parseNumber((response as Extract<QuestionResponse, { type: 'NUMERICAL' }>).text)
      if (value === null) return NO_CREDIT
      const match = question.answers.find((a) => isWithin(value, a))
      return toGrade(match?.weight ?? 0)
    }
  }
}

export type QuestionGrade = Grade & { points: number; maxPoints: number }
export type AttemptGrade = {
  points: number
  maxPoints: number
  /** 0–100, rounded to two decimals; pass marks are compared with this. */
  percentage: number
  questions: QuestionGrade[]
}

/**
 * Grades a whole attempt: `responses[i]` answers `questions[i]`, which is worth `marks[i]`
 * points. Points are rounded to 7 decimals. Throws when the lists differ in length or a mark
 * is negative, since that is a broken exam, not a result.
 */
export function gradeAttempt(questions: readonly Question[], responses: readonly (QuestionResponse | null | undefined)[], marks: readonly number[]): AttemptGrade {
  if (responses.length !== questions.length || marks.length !== questions.length) {
    throw new Error(`An attempt needs one response and one mark per question: ${questions.length} questions, ${responses.length} responses, ${marks.length} marks.`)
  }
  const graded = questions.map((question, i): QuestionGrade => {
    const maxPoints = marks[i]!
    if (!Number.isFinite(maxPoints) || maxPoints < 0) throw new Error(`Question ${i + 1} has an invalid mark: ${maxPoints}.`)
    const grade = gradeAnswer(question, responses[i])
    return { ...grade, points: round(grade.score * maxPoints, 7), maxPoints }
  })
  const points = round(
    graded.reduce((sum, g) => sum + g.points, 0),
    7,
  )
  const maxPoints = round(
    graded.reduce((sum, g) => sum + g.maxPoints, 0),
    7,
  )
  return { points, maxPoints, percentage: maxPoints === 0 ? 0 : round((points / maxPoints) * 100, 2), questions: graded }
}

/** The comparable form of a short answer: NFKC, trimmed, single spaces, lower case. */
export function normaliseAnswerText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

function scoreMultipleChoice(weights: number[], chosen: Set<number>, scoring: MultipleChoiceScoring): number {
  if (scoring === 'ALL_OR_NOTHING') return weights.every((w, i) => w > 0 === chosen.has(i)) ? 1 : 0
  return [...chosen].reduce((sum, i) => sum + weights[i]!, 0)
}

function matchesAnswer(given: string, accepted: string): boolean {
  const pattern = normaliseAnswerText(accepted)
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${pattern}$`, 'su').test(given)
}

function isWithin(value: number, answer: NumericalAnswer): boolean {
  if (answer.kind === 'RANGE') {
    const slack = 1e-9 * Math.max(1, Math.abs(answer.min), Math.abs(answer.max))
    return value >= answer.min - slack && value <= answer.max + slack
  }
  const slack = 1e-9 * Math.max(1, Math.abs(answer.value))
  return Math.abs(value - answer.value) <= answer.tolerance + slack
}

function toGrade(weight: number): Grade {
  const clamped = Math.min(1, Math.max(0, weight))
  const score = isFullCredit(clamped) ? 1 : round(clamped, 7)
  return { score, correct: score === 1 }
}

function round(n: number, places: number): number {
  const factor = 10 ** places
  return Math.round(n * factor) / factor
}
