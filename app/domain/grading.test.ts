import { describe, expect, test } from 'vitest'
import { parseGift } from './gift.ts'
import { gradeAnswer, gradeAttempt, normaliseAnswerText, type QuestionResponse } from './grading.ts'
import type { MultipleChoiceQuestion, QuestionBase, NumericalQuestion, Question, ShortAnswerQuestion, SingleChoiceQuestion, TrueFalseQuestion } from './question.ts'

const base: QuestionBase = { title: 't', text: 'Q', textFormat: 'plain', generalFeedback: '', category: null, tags: [] }
const options = (...weights: number[]) => weights.map((weight, i) => ({ text: `option ${i}`, weight, feedback: '' }))
const single: SingleChoiceQuestion = { ...base, type: 'SINGLE_CHOICE', options: options(0, 1, 0.5, -1, 1) }
const partial: MultipleChoiceQuestion = { ...base, type: 'MULTIPLE_CHOICE', scoring: 'PARTIAL_CREDIT', options: options(0.5, 0.5, -1, -0.5, 0) }
const allOrNothing: MultipleChoiceQuestion = { ...partial, scoring: 'ALL_OR_NOTHING' }
const thirds: MultipleChoiceQuestion = { ...partial, options: options(0.3333333, 0.3333333, 0.3333333, -1) }
const trueFalse: TrueFalseQuestion = { ...base, type: 'TRUE_FALSE', answer: false, correctFeedback: '', incorrectFeedback: '' }
const shortAnswer = (...answers: [string, number][]): ShortAnswerQuestion => ({ ...base, type: 'SHORT_ANSWER', answers: answers.map(([text, weight]) => ({ text, weight, feedback: '' })) })
const numerical: NumericalQuestion = {
  ...base,
  type: 'NUMERICAL',
  incorrectFeedback: '',
  answers: [
    { kind: 'TOLERANCE', value: 3.14, tolerance: 0.01, weight: 1, feedback: '' },
    { kind: 'TOLERANCE', value: 3.14, tolerance: 0.1, weight: 0.5, feedback: '' },
    { kind: 'RANGE', min: -5, max: -1, weight: 1, feedback: '' },
  ],
}
const grade = (question: Question, response: QuestionResponse | null) => gradeAnswer(question, response)

describe('gradeAnswer: single choice', () => {
  test.each([
    ['a right option', 1, 1, true],
    ['another right option, when several are right', 4, 1, true],
    ['a wrong option', 0, 0, false],
    ['a half-right option', 2, 0.5, false],
    ['a negatively weighted option, which never goes below 0', 3, 0, false],
    ['an option that does not exist', 9, 0, false],
    ['no option', null, 0, false],
  ] as const)('%s scores %s', (_name, option, score, correct) => {
    expect(grade(single, { type: 'SINGLE_CHOICE', option })).toEqual({ score, correct })
  })
})

describe('gradeAnswer: multiple choice', () => {
  test.each([
    ['both right options', [0, 1], 1, true],
    ['both right options, in any order', [1, 0], 1, true],
    ['one of two right options', [0], 0.5, false],
    ['both right and a 0-weight option', [0, 1, 4], 1, true],
    ['both right and a -50% option', [0, 1, 3], 0.5, false],
    ['everything, which the negative weights make pay nothing', [0, 1, 2, 3, 4], 0, false],
    ['a right option and a -100% option, clamped at 0', [0, 2], 0, false],
    ['the same right option twice, counted once', [0, 0], 0.5, false],
    ['options that do not exist, ignored', [0, 1, 7, -1], 1, true],
    ['nothing', [], 0, false],
  ])('partial credit: %s scores %s', (_name, chosen, score, correct) => {
    expect(grade(partial, { type: 'MULTIPLE_CHOICE', options: chosen })).toEqual({ score, correct })
  })

  test.each([
    ['exactly the right options', [1, 0], 1, true],
    ['one right option short', [0], 0, false],
    ['the right options and a 0-weight one', [0, 1, 4], 0, false],
    ['the right options, one of them twice', [0, 1, 1], 1, true],
    ['nothing', [], 0, false],
  ])('all or nothing: %s scores %s', (_name, chosen, score, correct) => {
    expect(grade(allOrNothing, { type: 'MULTIPLE_CHOICE', options: chosen })).toEqual({ score, correct })
  })

  test('three options of 33.33333% make full marks, as in Moodle', () => {
    expect(grade(thirds, { type: 'MULTIPLE_CHOICE', options: [0, 1, 2] })).toEqual({ score: 1, correct: true })
    expect(grade(thirds, { type: 'MULTIPLE_CHOICE', options: [0, 1] })).toEqual({ score: 0.6666666, correct: false })
  })
})

describe('gradeAnswer: true/false', () => {
  test.each([
    [false, 1, true],
    [true, 0, false],
    [null, 0, false],
  ] as const)('answering %s to a false statement scores %s', (answer, score, correct) => {
    expect(grade(trueFalse, { type: 'TRUE_FALSE', answer })).toEqual({ score, correct })
  })
})

describe('gradeAnswer: short answer', () => {
  const question = shortAnswer(['Nazareth', 1], ['Nazereth', 0.75], ['Beth*', 0.25], ['aspirin 100 mg', 1], ['阿司匹林', 1], ['ＣＯＸ－１', 1], ['5\\*', 1])
  test.each([
    ['the exact answer', 'Nazareth', 1],
    ['another case', 'nAZARETH', 1],
    ['surrounding and doubled spaces', '  aspirin   100\tmg ', 1],
    ['full-width letters and digits for half-width ones', 'ａｓｐｉｒｉｎ　１００ ｍｇ', 1],
    ['half-width letters for full-width ones', 'cox-1', 1],
    ['Chinese', ' 阿司匹林 ', 1],
    ['a weighted misspelling', 'nazereth', 0.75],
    ['a wildcard match', 'Bethlehem', 0.25],
    ['a literal asterisk, escaped in the answer', '5*', 1],
    ['what the literal asterisk must not match', '55', 0],
    ['a wrong answer', 'Jerusalem', 0],
    ['a part of a right answer', 'Nazar', 0],
    ['an answer with extra text', 'Nazareth!', 0],
    ['a blank answer', '   ', 0],
  ])('%s scores %s', (_name, text, score) => {
    expect(grade(question, { type: 'SHORT_ANSWER', text })).toEqual({ score, correct: score === 1 })
  })

  test('the first matching answer decides, as in Moodle, so a catch-all goes last', () => {
    expect(grade(shortAnswer(['Frog', 1], ['Cat', 0.5], ['*', 0]), { type: 'SHORT_ANSWER', text: 'frog' })).toEqual({ score: 1, correct: true })
    expect(grade(shortAnswer(['*', 0], ['Frog', 1]), { type: 'SHORT_ANSWER', text: 'frog' })).toEqual({ score: 0, correct: false })
  })

  test('regular-expression characters in an answer are literal', () => {
    const question = shortAnswer(['a.b (c)+[d]?', 1])
    expect(grade(question, { type: 'SHORT_ANSWER', text: 'a.b (c)+[d]?' }).score).toBe(1)
    expect(grade(question, { type: 'SHORT_ANSWER', text: 'axb (c)+[d]?' }).score).toBe(0)
  })

  test.each([
    ['ＡＢＣ　１２３', 'abc 123'],
    ['  Two\n\nLines ', 'two lines'],
    ['ｶﾀｶﾅ', 'カタカナ'],
  ])('normaliseAnswerText(%j) is %j', (text, expected) => {
    expect(normaliseAnswerText(text)).toBe(expected)
  })
})

describe('gradeAnswer: numerical', () => {
  test.each([
    ['the value', '3.14', 1],
    ['the upper edge of the tolerance, despite binary floats', '3.15', 1],
    ['the lower edge of the tolerance', '3.13', 1],
    ['just outside the tolerance, inside the half-credit one', '3.1501', 0.5],
    ['the edge of the half-credit tolerance', '3.04', 0.5],
    ['outside every tolerance', '3.25', 0],
    ['full-width digits', '３．１４', 1],
    ['spaces around', '  3.14 ', 1],
    ['an exponent', '314e-2', 1],
    ['a range end', '-5', 1],
    ['the other range end, with a full-width minus', '－１', 1],
    ['a minus sign (U+2212)', '−3', 1],
    ['just outside the range', '-0.99', 0],
    ['a decimal comma, which is no number', '3,14', 0],
    ['text', 'pi', 0],
    ['nothing', '', 0],
  ])('%s (%s) scores %s', (_name, text, score) => {
    expect(grade(numerical, { type: 'NUMERICAL', text })).toEqual({ score, correct: score === 1 })
  })

  test('an exact answer with zero tolerance matches only itself', () => {
    const exact: NumericalQuestion = { ...numerical, answers: [{ kind: 'TOLERANCE', value: 1822, tolerance: 0, weight: 1, feedback: '' }] }
    expect(grade(exact, { type: 'NUMERICAL', text: '1822' }).score).toBe(1)
    expect(grade(exact, { type: 'NUMERICAL', text: '1822.001' }).score).toBe(0)
  })
})

describe('gradeAnswer: any type', () => {
  test('a missing response scores nothing', () => {
    expect(gradeAnswer(single, null)).toEqual({ score: 0, correct: false })
    expect(gradeAnswer(numerical, undefined)).toEqual({ score: 0, correct: false })
  })

  test('a response of the wrong type is a bug and throws', () => {
    expect(() => gradeAnswer(single, { type: 'TRUE_FALSE', answer: true })).toThrow("A TRUE_FALSE response can't answer a SINGLE_CHOICE question.")
  })

  test('grades questions as imported from GIFT', () => {
    const { questions } = parseGift('::a::Pick {~%50%a ~%50%b ~%-100%c}\n\n::b::Pi? {#3.141..3.142}\n\n::c::Best animal?{=Frog =%50%Cat =%0%*}')
    expect(gradeAnswer(questions[0]!, { type: 'MULTIPLE_CHOICE', options: [0, 2] })).toEqual({ score: 0, correct: false })
    expect(gradeAnswer(questions[1]!, { type: 'NUMERICAL', text: '3.1416' })).toEqual({ score: 1, correct: true })
    expect(gradeAnswer(questions[2]!, { type: 'SHORT_ANSWER', text: 'ＣＡＴ' })).toEqual({ score: 0.5, correct: false })
  })
})

describe('gradeAttempt', () => {
  const questions: Question[] = [single, partial, trueFalse, numerical]
  test('adds up points by mark and gives the percentage', () => {
    const result = gradeAttempt(questions, [{ type: 'SINGLE_CHOICE', option: 1 }, { type: 'MULTIPLE_CHOICE', options: [0] }, { type: 'TRUE_FALSE', answer: true }, null], [2, 3, 1, 4])
    expect(result).toEqual({
      points: 3.5,
      maxPoints: 10,
      percentage: 35,
      questions: [
        { score: 1, correct: true, points: 2, maxPoints: 2 },
        { score: 0.5, correct: false, points: 1.5, maxPoints: 3 },
        { score: 0, correct: false, points: 0, maxPoints: 1 },
        { score: 0, correct: false, points: 0, maxPoints: 4 },
      ],
    })
  })

  test('rounds the percentage to two decimals', () => {
    const right = { type: 'TRUE_FALSE', answer: false } as const
    const wrong = { type: 'TRUE_FALSE', answer: true } as const
    expect(gradeAttempt([trueFalse, trueFalse, trueFalse], [wrong, right, right], [1, 1, 1])).toMatchObject({ points: 2, maxPoints: 3, percentage: 66.67 })
  })

  test('an exam with no marks scores 0%', () => {
    expect(gradeAttempt([trueFalse], [{ type: 'TRUE_FALSE', answer: false }], [0])).toMatchObject({ points: 0, maxPoints: 0, percentage: 0 })
    expect(gradeAttempt([], [], [])).toEqual({ points: 0, maxPoints: 0, percentage: 0, questions: [] })
  })

  test('points avoid floating-point dust', () => {
    const qs = Array.from({ length: 10 }, () => single)
    const result = gradeAttempt(
      qs,
      qs.map(() => ({ type: 'SINGLE_CHOICE', option: 1 })),
      qs.map(() => 0.1),
    )
    expect(result.points).toBe(1)
  })

  test.each([
    ['fewer responses than questions', [single, trueFalse], [null], [1, 1]],
    ['fewer marks than questions', [single, trueFalse], [null, null], [1]],
    ['a negative mark', [single], [null], [-1]],
    ['a mark that is not a number', [single], [null], [Number.NaN]],
  ])('throws on %s', (_name, qs, responses, marks) => {
    expect(() => gradeAttempt(qs as Question[], responses, marks)).toThrow()
  })
})
