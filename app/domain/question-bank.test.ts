import { describe, expect, test } from 'vitest'
import { bankTags, detectLanguages, parseQuestionFile } from './question-bank.ts'
import type { Question } from './question.ts'

const q = (text: string, options: string[] = ['是', '否']): Question => ({
  type: 'SINGLE_CHOICE',
  title: 't',
  text,
  textFormat: 'moodle',
  generalFeedback: '',
  category: null,
  tags: ['心血管', ' 高血压 '],
  options: options.map((o, i) => ({ text: o, weight: i === 0 ? 1 : 0, feedback: '' })),
})

describe('detectLanguages', () => {
  test.each([
    ['Chinese only', q('高血压的诊断标准是什么？'), ['zh_CN']],
    ['English only', q('Which drug is first line?', ['ACE inhibitor', 'None']), ['en']],
    ['both', q('首选药物 (first-line drug)？'), ['zh_CN', 'en']],
    ['numbers and units only', q('5 + 7 = ?', ['12', '13']), []],
    ['markup and LaTeX do not count as English', q('<span>\\(x^2\\)</span> 等于？', ['<b>4</b>', '2']), ['zh_CN']],
    ['mmHg inside a Chinese text counts as English too', q('收缩压 ≥ 140 mmHg'), ['zh_CN', 'en']],
  ])('%s', (_name, question, languages) => {
    expect(detectLanguages(question)).toEqual(languages)
  })
})

test('bankTags joins the import form tags with the question tags, trimmed and once each', () => {
  expect(bankTags(q('x'), ['高血压', '论坛一', ''])).toEqual(['高血压', '论坛一', '心血管'])
})

describe('parseQuestionFile', () => {
  test('an empty file is an error, not an empty import', () => {
    expect(parseQuestionFile('gift', '// only a comment\n').errors).toEqual([{ line: 1, code: 'empty_file', message: 'The file holds no questions.', question: null }])
  })
  test('Aiken goes through the Aiken reader', () => {
    const parsed = parseQuestionFile('aiken', '哪项正确？\nA. 对\nB. 错\nANSWER: A\n')
    expect(parsed.errors).toEqual([])
    expect(parsed.questions[0]).toMatchObject({ type: 'SINGLE_CHOICE', text: '哪项正确？' })
  })
})
