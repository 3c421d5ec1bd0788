import { describe, expect, test } from 'vitest'
import { parseAiken } from './aiken.ts'
import { parseGift } from './gift.ts'
import { FILE_LIMITS } from './import-limits.ts'
import { parseQuestionFile, previewQuestions } from './question-bank.ts'
import { checkQuestion, QUESTION_LIMITS, type Question } from './question.ts'

const aikenQuestion = (i: number) => `Question ${i}?\nA. yes\nB. no\nANSWER: A\n`
const giftQuestion = (i: number) => `::Q${i}:: Question ${i}? {=yes ~no}\n`
const small = { lines: 50, questions: 3, errors: 4 }
const codes = (errors: { code: string }[]) => errors.map((e) => e.code)

describe('file limits', () => {
  test.each([
    ['GIFT', (n: number) => Array.from({ length: n }, (_, i) => giftQuestion(i)).join('\n'), parseGift],
    ['Aiken', (n: number) => Array.from({ length: n }, (_, i) => aikenQuestion(i)).join('\n'), parseAiken],
  ])('%s: a file with one question more than allowed stops there, naming the limit and the line', (_format, file, parse) => {
    expect(parse(file(3), small).errors).toEqual([])
    const over = parse(file(4), small)
    expect(over.questions).toHaveLength(3)
    expect(over.errors).toEqual([expect.objectContaining({ code: 'too_many_questions', limit: 3, question: null })])
    expect(over.errors[0]!.line).toBe(file(3).split('\n').length + 1)
    expect(over.errors[0]!.message).toContain('more than 3 questions')
  })

  test.each([
    ['GIFT', parseGift],
    ['Aiken', parseAiken],
  ])('%s: a file of more lines than allowed is not read at all', (_format, parse) => {
    const result = parse('x\n'.repeat(small.lines), small)
    expect(result).toEqual({ questions: [], errors: [expect.objectContaining({ code: 'too_many_lines', line: small.lines + 1, limit: small.lines })] })
  })

  test.each([
    ['GIFT', Array.from({ length: 20 }, (_, i) => `Bad ${i} {~a ~b}`).join('\n\n'), parseGift],
    ['Aiken', Array.from({ length: 20 }, (_, i) => `ANSWER: ${i}`).join('\n'), parseAiken],
  ])('%s: reading stops after the error limit, and says so', (_format, file, parse) => {
    const { errors } = parse(file, { ...small, questions: 100 })
    expect(errors).toHaveLength(small.errors + 1)
    expect(errors.at(-1)).toMatchObject({ code: 'too_many_errors', limit: small.errors })
  })

  test('the default limits: 100,000 lines, 2,000 questions, 100 errors', () => {
    expect(FILE_LIMITS).toEqual({ lines: 100_000, questions: 2_000, errors: 100 })
    const aiken = Array.from({ length: 2_001 }, (_, i) => aikenQuestion(i)).join('\n')
    expect(codes(parseQuestionFile('aiken', aiken).errors)).toEqual(['too_many_questions'])
  })

  test('an error quoting a huge piece of the file is cut short', () => {
    const { errors } = parseQuestionFile('gift', `::t:: Pick {~%${'9x'.repeat(50_000)}% a ~b}`)
    expect(codes(errors)).toEqual(['bad_weight'])
    expect(errors[0]!.message.length).toBeLessThanOrEqual(300)
  })
})

describe('question limits', () => {
  const choice = (options: number, text = 'Pick one'): Question => ({
    type: 'SINGLE_CHOICE',
    title: 't',
    text,
    textFormat: 'plain',
    generalFeedback: '',
    category: null,
    tags: [],
    options: Array.from({ length: options }, (_, i) => ({ text: `o${i}`, weight: i === 0 ? 1 : 0, feedback: '' })),
  })

  test.each([
    ['26 options', choice(26), []],
    ['27 options', choice(27), [{ code: 'too_many_options', limit: 26 }]],
    ['a text of 10,000 characters', choice(2, 'x'.repeat(10_000)), []],
    ['a text of 10,001 characters', choice(2, 'x'.repeat(10_001)), [{ code: 'text_too_long', limit: 10_000 }]],
    [
      'an option of 5,001 characters',
      {
        ...choice(2),
        options: [
          { text: 'y'.repeat(5_001), weight: 1, feedback: '' },
          { text: 'n', weight: 0, feedback: '' },
        ],
      },
      [{ code: 'text_too_long', limit: 5_000 }],
    ],
    ['a title of 256 characters', { ...choice(2), title: 't'.repeat(256) }, [{ code: 'text_too_long', limit: 255 }]],
  ] as [string, Question, object[]][])('%s', (_name, question, expected) => {
    expect(checkQuestion(question)).toEqual(expected.map((e) => expect.objectContaining(e)))
  })

  test('a GIFT question with 50,000 options is refused with one error, not 50,000', () => {
    const options = Array.from({ length: 50_000 }, (_, i) => `~o${i}`).join(' ')
    const { questions, errors } = parseGift(`::Many:: Which? {=right ${options}}`)
    expect(questions).toEqual([])
    expect(errors).toEqual([expect.objectContaining({ code: 'too_many_options', line: 1, limit: QUESTION_LIMITS.answers })])
    expect(errors[0]!.message).toContain('at most 26 options')
  })

  test('an Aiken question text over 10,000 characters is refused', () => {
    const { errors } = parseAiken(`${'x'.repeat(10_001)}\nA. a\nB. b\nANSWER: A`)
    expect(errors).toEqual([expect.objectContaining({ code: 'text_too_long', limit: 10_000 })])
  })
})

describe('previewQuestions', () => {
  const question = (chars: number): Question => ({
    type: 'TRUE_FALSE',
    title: 't',
    text: 'x'.repeat(chars),
    textFormat: 'plain',
    generalFeedback: '',
    category: null,
    tags: [],
    answer: true,
    correctFeedback: '',
    incorrectFeedback: '',
  })

  test.each([
    ['all of a few small questions', [question(10), question(10)], { questions: 50, chars: 10_000 }, 2],
    ['no more than the count', Array.from({ length: 60 }, () => question(10)), { questions: 50, chars: 1_000_000 }, 50],
    ['no more than the characters', Array.from({ length: 10 }, () => question(1_000)), { questions: 50, chars: 4_000 }, 3],
    ['none when the first is already too big', [question(5_000)], { questions: 50, chars: 1_000 }, 0],
  ])('shows %s', (_name, questions, limits, shown) => {
    expect(previewQuestions(questions, limits)).toHaveLength(shown)
  })
})
