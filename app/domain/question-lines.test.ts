import { describe, expect, test } from 'vitest'
import { formatQuestionLines, parseQuestionLines } from './question-lines.ts'

const demo = [
  'institution | 工作单位 | Institution | text | required',
  'title | 职称 | Title | select | required | resident=住院医师/Resident; attending=主治医师/Attending',
  'licenceId | 执业证书编号 | Licence number | licence | optional',
].join('\n')

describe('parseQuestionLines', () => {
  test('reads text, select and licence questions', () => {
    const result = parseQuestionLines(demo)
    expect(result.ok && result.questions.map((q) => [q.key, q.type, q.required, q.options?.length ?? 0])).toEqual([
      ['institution', 'text', true, 0],
      ['title', 'select', true, 2],
      ['licenceId', 'licence', false, 0],
    ])
  })

  test('round-trips through formatQuestionLines', () => {
    const first = parseQuestionLines(demo)
    if (!first.ok) throw new Error('parse failed')
    expect(parseQuestionLines(formatQuestionLines(first.questions))).toEqual(first)
  })

  test('full-width separators work; an empty text means no questions', () => {
    expect(parseQuestionLines('dept｜科室｜Department｜select｜optional｜icu=重症/ICU；er=急诊/ER').ok).toBe(true)
    expect(parseQuestionLines('  \n')).toEqual({ ok: true, questions: [] })
  })

  test.each([
    ['too few parts', 'institution | 工作单位 | Institution | text', 1],
    ['neither required nor optional', 'institution | 工作单位 | Institution | text | must', 1],
    ['a bad key', '1st | 工作单位 | Institution | text | required', 1],
    ['an unknown type', 'x | 甲 | A | date | required', 1],
    ['a select with one option', 'x | 甲 | A | select | required | a=甲/A', 1],
    ['options on a text question', 'x | 甲 | A | text | required | a=甲/A', 1],
    ['a repeated key on line 2', 'x | 甲 | A | text | required\nx | 乙 | B | text | optional', 2],
  ])('refuses %s, naming the line', (_name, text, line) => {
    expect(parseQuestionLines(text)).toEqual({ ok: false, line })
  })
})
