import { FILE_LIMITS, tooManyErrors, tooManyLines, tooManyQuestions, type FileLimitCode, type FileLimits } from './import-limits.ts'
import { checkQuestion, defaultTitle, type ChoiceOption, type ParsedQuestion, type QuestionProblemCode } from './question.ts'

/**
 * Moodle's Aiken format (issue 6): single-choice questions, one option per line.
 *
 *     下列哪项是高血压的诊断标准？
 *     A. 收缩压 ≥ 140 mmHg
 *     B) 收缩压 ≥ 120 mmHg
 *     ANSWER: A
 *
 * Following Moodle (question/format/aiken/format.php), plus what Chinese authors type:
 * - Option labels are capital letters in order (A, B, C…) followed by `.` or `)`, with or
 *   without a space; the full-width forms `Ａ．` and `Ａ）` count too.
 * - `ANSWER: X` (any case, `：` allowed, X a single letter of any width) ends the question.
 * - Blank lines are ignored. Lines before the first option make up the question text, joined
 *   with line breaks; Moodle only takes one line.
 * - Aiken has no markup, so texts are `plain`; no feedback, no categories, no tags.
 *
 * An error about the whole question points at its first line; one about a stray or wrong
 * option or ANSWER line points at that line.
 */

export type AikenErrorCode = QuestionProblemCode | FileLimitCode | 'option_without_question' | 'answer_without_question' | 'option_out_of_sequence' | 'bad_answer' | 'unfinished_question'
/** `limit`: the limit a `too_many_…` or `…_too_long` error is about. */
export type AikenError = { line: number; code: AikenErrorCode; message: string; question: string | null; limit?: number }
export type AikenParseResult = { questions: ParsedQuestion[]; errors: AikenError[] }

const OPTION = /^([A-ZＡ-Ｚ])[.)．）]\s*(.*)$/u
const ANSWER = /^answer\s*[:：]\s*(.*)$/iu

type Draft = { line: number; text: string[]; options: ChoiceOption[]; broken: boolean; label?: string }

/** Reads an Aiken file, within FILE_LIMITS: past one of them it stops with an error that names it. */
export function parseAiken(text: string, limits: FileLimits = FILE_LIMITS): AikenParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const questions: ParsedQuestion[] = []
  const errors: AikenError[] = []
  if (lines.length > limits.lines) return { questions, errors: [tooManyLines(limits)] }
  let draft: Draft | null = null
  let started = 0
  // Kept until the text grows: a long question with many bad lines is labelled once, not once per line.
  const labelOf = (d: Draft) => (d.label ??= defaultTitle(d.text.join(' ')))
  const fail = (code: AikenErrorCode, line: number, message: string, d: Draft | null, limit?: number) => {
    const question = d ? labelOf(d) : null
    const text = question === null ? message.charAt(0).toUpperCase() + message.slice(1) : `"${question}": ${message}`
    errors.push({ line, code, message: text, question, ...(limit === undefined ? {} : { limit }) })
    if (d) d.broken = true
  }

  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1
    if (errors.length >= limits.errors) {
      errors.push(tooManyErrors(limits, lineNo))
      return { questions, errors }
    }
    const line = raw.trim()
    if (line === '') continue

    const answer = ANSWER.exec(line)
    if (answer) {
      const current = draft
      draft = null
      if (!current) {
        fail('answer_without_question', lineNo, 'this ANSWER line has no question before it.', null)
        continue
      }
      const letter = answer[1]!.normalize('NFKC').trim().toUpperCase()
      const chosen = /^[A-Z]$/.test(letter) ? letter.charCodeAt(0) - 65 : -1
      if (current.options.length > 0 && (chosen < 0 || chosen >= current.options.length)) {
        const last = String.fromCharCode(64 + current.options.length)
        fail('bad_answer', lineNo, `"ANSWER: ${answer[1]!.trim()}" must name one of the options, A to ${last}.`, current)
      }
      if (current.broken) continue
      const options = current.options.map((o, i) => ({ ...o, weight: i === chosen ? 1 : 0 }))
      const question: ParsedQuestion = { type: 'SINGLE_CHOICE', title: labelOf(current), text: current.text.join('\n'), textFormat: 'plain', generalFeedback: '', category: null, tags: [], options }
      const problems = checkQuestion(question)
      for (const p of problems) fail(p.code, current.line, p.message.charAt(0).toLowerCase() + p.message.slice(1), current, p.limit)
      if (problems.length === 0) questions.push(question)
      continue
    }

    const option = OPTION.exec(line)
    if (option) {
      if (!draft) {
        fail('option_without_question', lineNo, 'this option has no question before it.', null)
        continue
      }
      const label = option[1]!.normalize('NFKC')
      const expected = String.fromCharCode(65 + draft.options.length)
      if (label !== expected) fail('option_out_of_sequence', lineNo, `option ${label} comes where option ${expected} should; label options A, B, C… in order.`, draft)
      draft.options.push({ text: option[2]!.trim(), weight: 0, feedback: '' })
      continue
    }

    if (draft && draft.options.length > 0) {
      fail('unfinished_question', draft.line, `the question has no ANSWER line before the next question starts on line ${lineNo}.`, draft)
      draft = null
    }
    if (draft) {
      draft.text.push(line)
      draft.label = undefined
    } else if (++started > limits.questions) {
      errors.push(tooManyQuestions(limits, lineNo))
      return { questions, errors }
    } else draft = { line: lineNo, text: [line], options: [], broken: false }
  }

  if (draft) fail('unfinished_question', draft.line, 'the question has no ANSWER line before the end of the file.', draft)
  return { questions, errors }
}
