import { describe, expect, test } from 'vitest'
import { parseAiken, type AikenErrorCode } from './aiken.ts'

const errorsOf = (aiken: string) => parseAiken(aiken).errors.map(({ line, code }) => ({ line, code }))
const optionsOf = (aiken: string) => {
  const { questions, errors } = parseAiken(aiken)
  expect(errors).toEqual([])
  const [q] = questions
  return q?.type === 'SINGLE_CHOICE' ? q.options.map((o) => [o.text, o.weight]) : null
}

describe('parseAiken', () => {
  test('reads a question as a plain-text single-choice question whose ANSWER option is worth full credit', () => {
    const { questions, errors } = parseAiken('What is the correct answer to this question?\nA. Is it this one?\nB. Maybe this answer?\nC. Possibly this one?\nD. Must be this one!\nANSWER: D\n')
    expect(errors).toEqual([])
    expect(questions).toEqual([
      {
        type: 'SINGLE_CHOICE',
        title: 'What is the correct answer to this question?',
        text: 'What is the correct answer to this question?',
        textFormat: 'plain',
        generalFeedback: '',
        category: null,
        tags: [],
        options: [
          { text: 'Is it this one?', weight: 0, feedback: '' },
          { text: 'Maybe this answer?', weight: 0, feedback: '' },
          { text: 'Possibly this one?', weight: 0, feedback: '' },
          { text: 'Must be this one!', weight: 1, feedback: '' },
        ],
      },
    ])
  })

  test.each([
    [
      'labels with )',
      'Q?\nA) yes\nB) no\nANSWER: A',
      [
        ['yes', 1],
        ['no', 0],
      ],
    ],
    [
      'labels without a space',
      'Q?\nA)Incorrect (no space)\nB.Correct (no space)\nANSWER: B',
      [
        ['Incorrect (no space)', 0],
        ['Correct (no space)', 1],
      ],
    ],
    [
      'full-width labels and a full-width colon',
      '哪项正确？\nＡ．甲\nＢ）乙\nANSWER：Ｂ',
      [
        ['甲', 0],
        ['乙', 1],
      ],
    ],
    [
      'a lower-case answer line and letter',
      'Q?\nA. a\nB. b\nC. c\nanswer: c',
      [
        ['a', 0],
        ['b', 0],
        ['c', 1],
      ],
    ],
    [
      'blank lines and indentation anywhere',
      '\n  Q?\n\n  A. a\n\n  B. b\n\n  ANSWER:   A  \n\n',
      [
        ['a', 1],
        ['b', 0],
      ],
    ],
    [
      'HTML-looking text kept as plain text',
      'Q?\nA. Correct (< > &)\nB. Incorrect\nANSWER: A',
      [
        ['Correct (< > &)', 1],
        ['Incorrect', 0],
      ],
    ],
  ])('accepts %s', (_name, aiken, expected) => {
    expect(optionsOf(aiken)).toEqual(expected)
  })

  test('Chinese questions with full-width punctuation and several lines of text', () => {
    const { questions, errors } = parseAiken(
      [
        '患者男，58岁，血压160/100 mmHg（两次测量）。',
        '下列哪项是首选治疗？',
        'A. 生活方式干预：限盐、减重',
        'B. 立即静脉降压',
        'C. 观察，不处理',
        'ANSWER: A',
        '',
        '阿司匹林的作用机制是？',
        'A) 抑制COX-1',
        'B) 抑制ADP受体',
        'ANSWER: A',
      ].join('\n'),
    )
    expect(errors).toEqual([])
    expect(questions.map((q) => [q.title, q.text])).toEqual([
      ['患者男，58岁，血压160/100 mmHg（两次测量）。 下列哪项是首选治疗？', '患者男，58岁，血压160/100 mmHg（两次测量）。\n下列哪项是首选治疗？'],
      ['阿司匹林的作用机制是？', '阿司匹林的作用机制是？'],
    ])
    expect(questions[0]!.type === 'SINGLE_CHOICE' && questions[0]!.options[0]).toEqual({ text: '生活方式干预：限盐、减重', weight: 1, feedback: '' })
  })

  test('Windows line endings and a byte-order mark change nothing', () => {
    expect(parseAiken('\uFEFFQ?\r\nA. a\r\nB. b\r\nANSWER: B\r\n')).toEqual(parseAiken('Q?\nA. a\nB. b\nANSWER: B\n'))
  })

  test('a long question is titled by its first 50 characters', () => {
    const [q] = parseAiken(`${'x'.repeat(80)}\nA. a\nB. b\nANSWER: A`).questions
    expect(q!.title).toBe(`${'x'.repeat(49)}…`)
    expect(q!.text).toBe('x'.repeat(80))
  })

  test('an empty file gives nothing', () => {
    expect(parseAiken('')).toEqual({ questions: [], errors: [] })
  })
})

describe('parseAiken errors', () => {
  test.each<[string, string, { line: number; code: AikenErrorCode }[]]>([
    [
      'an option before any question',
      'A) Question not started\nB) nor this',
      [
        { line: 1, code: 'option_without_question' },
        { line: 2, code: 'option_without_question' },
      ],
    ],
    ['an ANSWER line before any question', '\n\nANSWER: A', [{ line: 3, code: 'answer_without_question' }]],
    ['a question with one option', 'A question with too few options\nA) Only option\nANSWER: A', [{ line: 1, code: 'too_few_options' }]],
    [
      'a question with no options',
      'Lonely question\nANSWER: A',
      [
        { line: 1, code: 'too_few_options' },
        { line: 1, code: 'no_correct_answer' },
      ],
    ],
    ['an ANSWER letter beyond the options', 'Q?\nA. a\nB. b\nANSWER: C', [{ line: 4, code: 'bad_answer' }]],
    ['an ANSWER that is not one letter', 'Q?\nA. a\nB. b\nANSWER: A, B', [{ line: 4, code: 'bad_answer' }]],
    ['an empty ANSWER', 'Q?\nA. a\nB. b\nANSWER:', [{ line: 4, code: 'bad_answer' }]],
    ['options out of order', 'Q?\nA. a\nC. c\nANSWER: A', [{ line: 3, code: 'option_out_of_sequence' }]],
    ['an empty option', 'Q?\nA. a\nB.\nANSWER: A', [{ line: 1, code: 'empty_answer' }]],
    ['a question left unfinished before the next one, reported at its first line', 'Started\nA) a\nB) b\n\nNext question\nA) a\nB) b\nANSWER: B', [{ line: 1, code: 'unfinished_question' }]],
    ['a question left unfinished at the end of the file', 'Good?\nA. a\nB. b\nANSWER: A\n\nUnfinished\nA. a', [{ line: 6, code: 'unfinished_question' }]],
  ])('%s', (_name, aiken, expected) => {
    expect(errorsOf(aiken)).toEqual(expected)
  })

  test('a file with mistakes reports each with its line and still returns the good questions for preview', () => {
    const aiken = [
      'A question with too few options', // 1
      'A) Only option',
      'ANSWER: A',
      '',
      'A) Question not started', // 5
      '',
      'ANSWER: Question not started', // 7
      '',
      'A good question', // 9
      'A) Correct',
      'B) Incorrect',
      'ANSWER: A',
      '',
      'A question started but not finished', // 14
      'A) Correct-ish',
      'B) Incorrect-ish',
      '',
      'A second good question', // 18
      'A)Incorrect',
      'B)Correct',
      'ANSWER: B',
    ].join('\n')
    const { questions, errors } = parseAiken(aiken)
    expect(questions.map((q) => q.title)).toEqual(['A good question', 'A second good question'])
    expect(errors.map((e) => [e.line, e.code, e.question])).toEqual([
      [1, 'too_few_options', 'A question with too few options'],
      [5, 'option_without_question', null],
      [7, 'answer_without_question', null],
      [14, 'unfinished_question', 'A question started but not finished'],
    ])
    expect(errors[3]!.message).toBe('"A question started but not finished": the question has no ANSWER line before the next question starts on line 18.')
  })

  test('errors carry a code and still fit the { line, message } shape', () => {
    const errors: { line: number; message: string }[] = parseAiken('ANSWER: A').errors
    expect(errors).toEqual([{ line: 1, code: 'answer_without_question', message: 'This ANSWER line has no question before it.', question: null }])
  })
})
