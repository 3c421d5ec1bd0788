/**
 * The question model shared by the bank, the GIFT and Aiken importers, grading and the
 * random draw (issue 6). Pure data: no ids, no versions, no locale. Those belong to the
 * bank's rows, which wrap one of these.
 *
 * Conventions:
 * - Weights are fractions of the question's mark, as in Moodle: 1 = full credit,
 *   0.5 = half, -1 = minus full credit (multiple choice only). GIFT's `%50%` is 0.5.
 * - Texts keep their markup. `textFormat` says how to render the question text, and the
 *   options, answers and feedback of the question share it (Moodle's default). A renderer
 *   must sanitise `html` and render `markdown`. The importers never strip tags, so an
 *   export gives back what was imported.
 * - Feedback that isn't there is the empty string, never undefined, so that two equal
 *   questions compare equal.
 * - A missing-word question ("Grant is {…} in Grant's tomb.") keeps its text with `BLANK`
 *   where the answer goes.
 */

export const QUESTION_TYPES = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_ANSWER', 'NUMERICAL'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const TEXT_FORMATS = ['moodle', 'html', 'markdown', 'plain'] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]

/** Where the answer goes in a missing-word question; Moodle's marker. */
export const BLANK = '_____'

/** What every type of question has. */
export type QuestionBase = {
  /** GIFT's `::title::`; without one, the first words of the text. */
  title: string
  text: string
  textFormat: TextFormat
  /** Shown to everyone after grading, whatever they answered (GIFT `####`). */
  generalFeedback: string
  /** GIFT `$CATEGORY:` path as written, e.g. `$course$/心血管/高血压`; null when none was set. */
  category: string | null
  /** Moodle's `// [tag:…]` comment tags, in order, without duplicates. */
  tags: string[]
}

export type ChoiceOption = { text: string; weight: number; feedback: string }

/** One option is chosen. Options with weight 1 are right; weights between 0 and 1 are partly right. */
export type SingleChoiceQuestion = QuestionBase & { type: 'SINGLE_CHOICE'; options: ChoiceOption[] }

/**
 * How a multiple-choice question scores:
 * - PARTIAL_CREDIT (Moodle's rule): the sum of the weights of the chosen options, clamped to
 *   [0, 1]. The positive weights add up to 1, and wrong options usually carry a negative
 *   weight so that ticking everything doesn't pay.
 * - ALL_OR_NOTHING (Moodle's "all-or-nothing" type): full marks only when exactly the options
 *   with a positive weight are chosen, otherwise 0.
 */
export type MultipleChoiceScoring = 'PARTIAL_CREDIT' | 'ALL_OR_NOTHING'
export type MultipleChoiceQuestion = QuestionBase & { type: 'MULTIPLE_CHOICE'; options: ChoiceOption[]; scoring: MultipleChoiceScoring }

export type TrueFalseQuestion = QuestionBase & {
  type: 'TRUE_FALSE'
  answer: boolean
  /** Shown to those who answered right / wrong. */
  correctFeedback: string
  incorrectFeedback: string
}

/** `text` may use Moodle's `*` wildcard (`\*` is a literal asterisk). */
export type ShortAnswer = { text: string; weight: number; feedback: string }
export type ShortAnswerQuestion = QuestionBase & { type: 'SHORT_ANSWER'; answers: ShortAnswer[] }

export type NumericalAnswer = (
  | { kind: 'TOLERANCE'; value: number; tolerance: number } // GIFT `3.14:0.01`, or `3.14` with tolerance 0
  | { kind: 'RANGE'; min: number; max: number } // GIFT `1..5`, both ends included
) & { weight: number; feedback: string }
export type NumericalQuestion = QuestionBase & {
  type: 'NUMERICAL'
  answers: NumericalAnswer[]
  /** Shown when no answer matches (GIFT `~#feedback`). */
  incorrectFeedback: string
}

export type Question = SingleChoiceQuestion | MultipleChoiceQuestion | TrueFalseQuestion | ShortAnswerQuestion | NumericalQuestion
/** What the importers return: a question ready for the bank. */
export type ParsedQuestion = Question

export type QuestionProblemCode =
  | 'empty_question_text'
  | 'empty_answer'
  | 'too_few_options'
  | 'too_many_options'
  | 'text_too_long'
  | 'no_correct_answer'
  | 'bad_weight'
  | 'weights_do_not_add_up'
  | 'bad_number'
  | 'bad_tolerance'
  | 'bad_range'
/** `limit` is the limit a `too_many_…` or `…_too_long` problem is about, for its translation. */
export type QuestionProblem = { code: QuestionProblemCode; message: string; limit?: number }

/**
 * How big one question may be, however it enters the bank (issue 17: a GIFT question with
 * 50,000 options was accepted). Beyond these a "question" is a mistake or an attack: Moodle's
 * own labels stop at Z, and an exam page holds the whole text.
 */
export const QUESTION_LIMITS = {
  /** Options of a choice question, accepted answers of a short-answer or numerical one (A to Z). */
  answers: 26,
  /** Characters of the question text. */
  textChars: 10_000,
  /** Characters of one option, answer or feedback, and of the general feedback. */
  partChars: 5_000,
  /** Characters of the title and of the category path. */
  titleChars: 255,
} as const

/** Two weights closer than this are the same weight (Moodle stores fractions to 7 places). */
const WEIGHT_EPSILON = 1e-6
export const isFullCredit = (weight: number) => Math.abs(weight - 1) < WEIGHT_EPSILON

/**
 * What is wrong with a question, in words for the person who wrote it; empty when it can be
 * used in an exam. The importers and the question editor both call this, so a question is
 * held to the same rules however it enters the bank:
 * - text must not be blank, nor any option or accepted answer;
 * - no text over its QUESTION_LIMITS, and at most 26 options or answers;
 * - choice questions need at least two options, weights in [-1, 1];
 * - single choice needs an option worth full credit;
 * - multiple choice with partial credit needs positive weights adding up to 100% (to the
 *   nearest 0.5%, so that 3 × 33.333% passes); all-or-nothing needs one positive option;
 * - short answer and numerical need an answer worth full credit, weights in [0, 1];
 * - numbers must be finite, tolerances not negative, ranges not upside down.
 */
export function checkQuestion(question: Question): QuestionProblem[] {
  const problems: QuestionProblem[] = []
  const add = (code: QuestionProblemCode, message: string, limit?: number) => problems.push(limit === undefined ? { code, message } : { code, message, limit })
  if (question.text.trim() === '') add('empty_question_text', 'The question has no text.')
  const tooLong = longestPart(question)
  if (tooLong) add('text_too_long', `${tooLong.what} has ${tooLong.length.toLocaleString('en')} characters; the limit is ${tooLong.limit.toLocaleString('en')}.`, tooLong.limit)
  const answerCount = question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE' ? question.options.length : question.type === 'TRUE_FALSE' ? 2 : question.answers.length
  if (answerCount > QUESTION_LIMITS.answers) {
    add('too_many_options', `A question may have at most ${QUESTION_LIMITS.answers} options or answers; this one has ${answerCount.toLocaleString('en')}.`, QUESTION_LIMITS.answers)
    return problems // the per-option checks below would only repeat themselves
  }

  switch (question.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE': {
      if (question.options.length < 2) add('too_few_options', `A choice question needs at least 2 options; this one has ${question.options.length}.`)
      if (question.options.some((o) => o.text.trim() === '')) add('empty_answer', 'An option has no text.')
      const badWeight = question.options.find((o) => !Number.isFinite(o.weight) || o.weight < -1 || o.weight > 1)
      if (badWeight) add('bad_weight', `Option weights must be between -100% and 100%; "${badWeight.text}" has ${percent(badWeight.weight)}.`)
      if (question.type === 'SINGLE_CHOICE') {
        if (!question.options.some((o) => isFullCredit(o.weight))) add('no_correct_answer', 'No option is marked as the right answer (= or %100%).')
        break
      }
      const positive = question.options.filter((o) => o.weight > 0)
      if (positive.length === 0) add('no_correct_answer', 'No option is marked as right: give the right options a positive weight such as %50%.')
      else if (question.scoring === 'PARTIAL_CREDIT') {
        const sum = positive.reduce((total, o) => total + o.weight, 0)
        if (Math.abs(sum - 1) > 0.005) add('weights_do_not_add_up', `The positive weights of the options must add up to 100%; they add up to ${percent(sum)}.`)
      }
      break
    }
    case 'TRUE_FALSE':
      break
    case 'SHORT_ANSWER':
    case 'NUMERICAL': {
      const answers: { weight: number; label: string }[] =
        question.type === 'SHORT_ANSWER' ? question.answers.map((a) => ({ weight: a.weight, label: a.text })) : question.answers.map((a) => ({ weight: a.weight, label: numericalLabel(a) }))
      if (question.type === 'SHORT_ANSWER' && question.answers.some((a) => a.text.trim() === '')) add('empty_answer', 'An accepted answer is blank.')
      const badWeight = answers.find((a) => !Number.isFinite(a.weight) || a.weight < 0 || a.weight > 1)
      if (badWeight) add('bad_weight', `Answer weights must be between 0% and 100%; "${badWeight.label}" has ${percent(badWeight.weight)}.`)
      if (!answers.some((a) => isFullCredit(a.weight))) add('no_correct_answer', 'No answer is worth full credit (100%).')
      if (question.type === 'NUMERICAL') {
        for (const a of question.answers) {
          if (a.kind === 'TOLERANCE') {
            if (!Number.isFinite(a.value)) add('bad_number', `"${a.value}" is not a number.`)
            if (!Number.isFinite(a.tolerance) || a.tolerance < 0) add('bad_tolerance', `The tolerance of ${a.value} must be a number of zero or more; it is ${a.tolerance}.`)
          } else {
            if (!Number.isFinite(a.min) || !Number.isFinite(a.max)) add('bad_number', `The range ${a.min}..${a.max} must be made of numbers.`)
            else if (a.min > a.max) add('bad_range', `The range ${a.min}..${a.max} is upside down: the smaller number comes first.`)
          }
        }
      }
      break
    }
  }
  return problems
}

/** The first text of the question over its limit (QUESTION_LIMITS), if any. */
function longestPart(question: Question): { what: string; length: number; limit: number } | null {
  const parts: [string, string, number][] = [
    ['The question text', question.text, QUESTION_LIMITS.textChars],
    ['The title', question.title, QUESTION_LIMITS.titleChars],
    ['The category', question.category ?? '', QUESTION_LIMITS.titleChars],
    ['The general feedback', question.generalFeedback, QUESTION_LIMITS.partChars],
  ]
  if (question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE')
    for (const o of question.options) parts.push(['An option', o.text, QUESTION_LIMITS.partChars], ['A feedback', o.feedback, QUESTION_LIMITS.partChars])
  if (question.type === 'SHORT_ANSWER') for (const a of question.answers) parts.push(['An answer', a.text, QUESTION_LIMITS.partChars], ['A feedback', a.feedback, QUESTION_LIMITS.partChars])
  if (question.type === 'NUMERICAL') for (const a of question.answers) parts.push(['A feedback', a.feedback, QUESTION_LIMITS.partChars])
  if (question.type === 'NUMERICAL') parts.push(['The feedback for wrong answers', question.incorrectFeedback, QUESTION_LIMITS.partChars])
  if (question.type === 'TRUE_FALSE') parts.push(['A feedback', question.correctFeedback, QUESTION_LIMITS.partChars], ['A feedback', question.incorrectFeedback, QUESTION_LIMITS.partChars])
  const over = parts.find(([, text, limit]) => text.length > limit)
  return over ? { what: over[0], length: over[1].length, limit: over[2] } : null
}

/**
 * A number typed by a person: full-width digits and signs (３．１４, －２) count, as does the
 * minus sign U+2212, and an exponent (1e-3). Commas do not: "1,5" is 1.5 in some places and
 * 15 in others, so it is no number at all. Null when it isn't a number.
 */
export function parseNumber(input: string): number | null {
  const text = input
    .normalize('NFKC')
    .replace(/\u2212/g, '-')
    .trim()
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

/** A short name for a question without a title: its text without markup, at most 50 characters. */
export function defaultTitle(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = [...plain]
  return chars.length <= 50 ? plain : `${chars.slice(0, 49).join('').trimEnd()}…`
}

function percent(weight: number): string {
  return `${Number((weight * 100).toPrecision(12))}%`
}

function numericalLabel(answer: NumericalAnswer): string {
  return answer.kind === 'RANGE' ? `${answer.min}..${answer.max}` : `${answer.value}:${answer.tolerance}`
}
