import { FILE_LIMITS, tooManyErrors, tooManyLines, tooManyQuestions, type FileLimitCode, type FileLimits } from './import-limits.ts'
import {
  BLANK,
  TEXT_FORMATS,
  checkQuestion,
  defaultTitle,
  isFullCredit,
  parseNumber,
  type ChoiceOption,
  type NumericalAnswer,
  type ParsedQuestion,
  type Question,
  type QuestionBase,
  type QuestionProblemCode,
  type ShortAnswer,
  type TextFormat,
} from './question.ts'

/**
 * Moodle's GIFT format, read and written (issue 6), following Moodle's own importer
 * (question/format/gift/format.php) so that a file that imports there imports here:
 * - Questions are separated by blank lines; lines starting with `//` are comments. A
 *   comment inside a question may carry Moodle's `[tag:…]` tokens, and ours,
 *   `[scoring:all-or-nothing]`, which Moodle ignores.
 * - `$CATEGORY: path` sets the category of the questions after it (an empty path clears it).
 * - `::title::` names a question; `[html]`, `[moodle]`, `[markdown]` and `[plain]` before a
 *   text give its format. The format of the question text is kept in `textFormat` and markup
 *   is kept as written; markers before options and feedback are dropped, as those share the
 *   question's format.
 * - `\~ \= \# \{ \} \: \\` are literal characters and `\n` a line break; any other backslash
 *   is kept (LaTeX such as `\(x^2\)` survives).
 * - Answer blocks: `{=right ~wrong}` single choice (several `=` allowed: any of them is fully
 *   right); `{~%50%a ~%50%b ~%-100%c}` multiple choice (no `=`); `{T}` `{TRUE}` `{F}` `{FALSE}`
 *   true/false with `#wrong feedback#right feedback` (case-insensitive, unlike Moodle);
 *   `{=a =%50%b}` short answer; `{#3.14:0.01}`, `{#1..5}`, `{# =2:0 =%50%3:1 ~#wrong}`
 *   numerical. `#` starts an answer's feedback and `####` the general feedback. Numbers may
 *   use full-width digits.
 * - Text after the answer block makes it a missing-word question: the block's place becomes `BLANK`.
 * - Essay `{}`, matching `{=a -> b}` and description (no block) questions are reported as
 *   errors, as is every malformed question. The caller refuses the whole file when `errors` is
 *   not empty; `questions` then holds only the good ones, to preview.
 *
 * Lines are numbered from 1. An error about the whole question points at its first line (the
 * one with the title or the text); an error about one brace, weight or number points at its line.
 */

export type GiftErrorCode =
  | QuestionProblemCode
  | FileLimitCode
  | 'unsupported_essay'
  | 'unsupported_matching'
  | 'unsupported_description'
  | 'unclosed_title'
  | 'unclosed_brace'
  | 'unopened_brace'
  | 'multiple_answer_blocks'
  | 'unexpected_text'
export type GiftError = {
  line: number
  code: GiftErrorCode
  /** English, for a person; `code` is the translation key. */
  message: string
  /** The question's title, or its first words; null for an error outside any question. */
  question: string | null
  /** The limit a `too_many_…` or `…_too_long` error is about. */
  limit?: number
}
export type GiftParseResult = { questions: ParsedQuestion[]; errors: GiftError[] }

const SUPPORTED = 'only single choice, multiple choice, true/false, short answer and numerical questions can be imported'

/** Reads a GIFT file, within FILE_LIMITS: past one of them it stops with an error that names it. */
export function parseGift(text: string, limits: FileLimits = FILE_LIMITS): GiftParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const questions: ParsedQuestion[] = []
  const errors: GiftError[] = []
  if (lines.length > limits.lines) return { questions, errors: [tooManyLines(limits)] }
  let category: string | null = null
  let blockStart = -1
  let seen = 0
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i]!.trim() === ''
    if (!blank && blockStart < 0) blockStart = i
    if (blank && blockStart >= 0) {
      const block = parseBlock(lines.slice(blockStart, i), blockStart + 1, category)
      category = block.category
      if (block.question || block.errors.length > 0) seen++
      if (seen > limits.questions) {
        errors.push(tooManyQuestions(limits, blockStart + 1))
        break
      }
      if (block.question) questions.push(block.question)
      errors.push(...block.errors)
      blockStart = -1
      if (errors.length >= limits.errors) {
        errors.push(tooManyErrors(limits, i + 1))
        break
      }
    }
  }
  return { questions, errors }
}

/** Writes questions so that `parseGift` gives them back: categories, tags, formats, feedback and all. */
export function formatGift(questions: readonly Question[]): string {
  const blocks: string[] = []
  let category: string | null = null
  for (const question of questions) {
    if (question.category !== category) {
      blocks.push(`$CATEGORY: ${oneLine(question.category ?? '')}`)
      category = question.category
    }
    blocks.push(formatQuestion(question))
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`
}

// ── Reading ────────────────────────────────────────────────────────────────────────────

/*
 * Escaped characters become private-use placeholders (U+E000 + their ASCII code) before any
 * splitting, so that `\{` is never taken for a brace; `restore` turns them back into the
 * characters they stand for. Moodle does the same with `&&123;` strings. Private-use
 * characters already in the text (legacy GBK user-defined characters map there) are first
 * shifted out of the way behind U+E080, so they come back as they were. No placeholder is a
 * line break, so line numbers can still be counted on the protected text.
 */
const PLACEHOLDER = 0xe000
const SHIFT = '\ue080'
const protect = (s: string) =>
  s.replace(/[\ue000-\ue080]/g, (c) => SHIFT + String.fromCharCode(c.charCodeAt(0) + 0x100)).replace(/\\([\\~=#{}:n])/g, (_match, c: string) => String.fromCharCode(PLACEHOLDER + c.charCodeAt(0)))
const restore = (s: string) =>
  s.replace(/\ue080([\ue100-\ue180])|[\ue000-\ue07f]/g, (p, shifted?: string) => {
    if (shifted) return String.fromCharCode(shifted.charCodeAt(0) - 0x100)
    const c = String.fromCharCode(p.charCodeAt(0) - PLACEHOLDER)
    return c === 'n' ? '\n' : c
  })

type Block = { category: string | null; question?: Question; errors: GiftError[] }

function parseBlock(rawLines: string[], firstLine: number, category: string | null): Block {
  const lines = rawLines.map((l) => l.trim())
  const comments: string[] = []
  lines.forEach((line, i) => {
    if (line.startsWith('//')) {
      comments.push(line)
      lines[i] = '' // kept as an empty line so that line numbers still count
    }
  })
  let first = lines.findIndex((l) => l !== '')
  if (first < 0) return { category, errors: [] }
  if (lines[first]!.startsWith('$CATEGORY:')) {
    const path = restore(protect(lines[first]!.slice('$CATEGORY:'.length))).trim()
    category = path === '' ? null : path
    lines[first] = ''
    first = lines.findIndex((l) => l !== '')
    if (first < 0) return { category, errors: [] }
  }

  const body = protect(lines.join('\n'))
  const lineAt = (offset: number) => firstLine + countNewlines(body, offset)
  const startLine = firstLine + first
  const errors: GiftError[] = []
  let label: string | null = null
  const fail = (code: GiftErrorCode, line: number, message: string, limit?: number) =>
    errors.push({ line, code, message: `"${label}": ${message}`, question: label, ...(limit === undefined ? {} : { limit }) })

  // Title.
  let pos = body.search(/\S/)
  let title: string | null = null
  if (body.startsWith('::', pos)) {
    const end = body.indexOf('::', pos + 2)
    if (end < 0) {
      label = defaultTitle(restore(body.slice(pos + 2)))
      fail('unclosed_title', startLine, 'the title starts with :: but is not closed with ::.')
      return { category, errors }
    }
    title = restore(body.slice(pos + 2, end)).trim() || null
    pos = end + 2
  }
  const rest = body.slice(pos)
  const open = rest.indexOf('{')
  const close = rest.indexOf('}')
  label = title ?? (defaultTitle(cleanText(open > 0 ? rest.slice(0, open) : rest)) || '?')

  // The answer block: exactly one {…}.
  if (open < 0 && close < 0) {
    fail('unsupported_description', startLine, `there is no answer block {…}. Descriptions without a question can't be imported; ${SUPPORTED}.`)
    return { category, errors }
  }
  if (open < 0 || (close >= 0 && close < open)) {
    fail('unopened_brace', lineAt(pos + close), 'a closing } has no opening {. Write \\} for a literal brace.')
    return { category, errors }
  }
  const nested = rest.indexOf('{', open + 1)
  if (close < 0 || (nested >= 0 && nested < close)) {
    fail('unclosed_brace', lineAt(pos + open), 'the answer block { is never closed with }. A blank line ends a question, so there can be none inside the block.')
    return { category, errors }
  }
  if (nested >= 0) {
    fail('multiple_answer_blocks', lineAt(pos + nested), 'a question has one answer block {…}; this is a second. Write \\{ for a literal brace.')
    return { category, errors }
  }
  const strayClose = rest.indexOf('}', close + 1)
  if (strayClose >= 0) {
    fail('unopened_brace', lineAt(pos + strayClose), 'a closing } has no opening {. Write \\} for a literal brace.')
    return { category, errors }
  }

  const before = rest.slice(0, open)
  const after = rest.slice(close + 1)
  const { format, text: rawText } = splitFormat((after.trim() === '' ? before : before + BLANK + after).trim())
  const questionText = restore(rawText).trim()

  let answers = rest.slice(open + 1, close)
  const answersAt = pos + open + 1
  let generalFeedback = ''
  const gf = answers.lastIndexOf('####')
  if (gf >= 0) {
    generalFeedback = cleanText(answers.slice(gf + 4))
    answers = answers.slice(0, gf)
  }
  const lead = answers.length - answers.trimStart().length
  const a = answers.trim()
  const at = answersAt + lead
  const commentText = comments.join('\n')
  const base = { title: title ?? defaultTitle(questionText), text: questionText, textFormat: format, generalFeedback, category, tags: tagsFrom(commentText) }
  const pieceLine = (piece: Piece) => lineAt(piece.at + piece.text.length - piece.text.trimStart().length)

  let question: Question | undefined
  if (a === '') {
    fail('unsupported_essay', startLine, `essay questions (an empty answer block {}) can't be imported; ${SUPPORTED}.`)
  } else if (a.startsWith('#')) {
    question = readNumerical(a.slice(1), at + 1, base, fail, pieceLine, lineAt)
  } else if (a.includes('~')) {
    const options = readAnswers(a, at, ['~', '='], 'choice', fail, pieceLine)
    if (options) {
      question = a.includes('=')
        ? { ...base, type: 'SINGLE_CHOICE', options }
        : { ...base, type: 'MULTIPLE_CHOICE', options, scoring: /\[scoring:all-or-nothing\]/i.test(commentText) ? 'ALL_OR_NOTHING' : 'PARTIAL_CREDIT' }
    }
  } else if (a.includes('=') && a.includes('->')) {
    fail('unsupported_matching', startLine, `matching questions (=item -> match) can't be imported; ${SUPPORTED}.`)
  } else if (/^(T|TRUE|F|FALSE)$/i.test((a.includes('#') ? a.slice(0, a.indexOf('#')) : a).trim())) {
    const [answer = '', incorrect = '', correct = ''] = explode(a, '#', 3)
    question = { ...base, type: 'TRUE_FALSE', answer: /^T/i.test(answer.trim()), correctFeedback: cleanText(correct), incorrectFeedback: cleanText(incorrect) }
  } else {
    const accepted = readAnswers(a, at, ['='], 'short', fail, pieceLine)
    if (accepted) question = { ...base, type: 'SHORT_ANSWER', answers: accepted.map(({ text, weight, feedback }): ShortAnswer => ({ text, weight, feedback })) }
  }

  if (question && errors.length === 0) {
    for (const problem of checkQuestion(question)) fail(problem.code, startLine, lowerFirst(problem.message), problem.limit)
  }
  return errors.length === 0 && question ? { category, question, errors } : { category, errors }
}

type Piece = { marker: string; text: string; at: number }
type Fail = (code: GiftErrorCode, line: number, message: string) => void

/** Splits at any of `markers`, keeping where each piece starts; the first piece has marker ''. */
function splitAt(s: string, at: number, markers: readonly string[]): Piece[] {
  const pieces: Piece[] = []
  let start = 0
  let marker = ''
  for (let i = 0; i < s.length; i++) {
    if (markers.includes(s[i]!)) {
      pieces.push({ marker, text: s.slice(start, i), at: at + start })
      marker = s[i]!
      start = i + 1
    }
  }
  pieces.push({ marker, text: s.slice(start), at: at + start })
  // Moodle drops an empty piece before the first marker, and keeps a non-empty one as an answer.
  return pieces[0]!.text.trim() === '' ? pieces.slice(1) : pieces
}

/**
 * Options (`~` and `=`) or accepted answers (`=`), each `[marker][%weight%]text[#feedback]`.
 * Without a weight, `=` is full credit, and `~` (or no marker) is none.
 */
function readAnswers(s: string, at: number, markers: readonly string[], kind: 'choice' | 'short', fail: Fail, pieceLine: (p: Piece) => number): ChoiceOption[] | null {
  const options: ChoiceOption[] = []
  let ok = true
  for (const piece of splitAt(s, at, markers)) {
    const weighed = takeWeight(piece.text.trim())
    if (weighed.bad !== undefined) {
      fail('bad_weight', pieceLine(piece), `"%${weighed.bad}%" is not a weight; write a percentage such as %50%${kind === 'choice' ? ' or %-100%' : ''}.`)
      ok = false
      continue
    }
    const [text = '', feedback = ''] = explode(weighed.rest, '#', 2)
    const weight = weighed.weight ?? (piece.marker === '=' || kind === 'short' ? 1 : 0)
    options.push({ text: cleanText(text), weight, feedback: cleanText(feedback) })
  }
  return ok ? options : null
}

function readNumerical(s: string, at: number, base: QuestionBase, fail: Fail, pieceLine: (p: Piece) => number, lineAt: (offset: number) => number): Question | undefined {
  let answersText = s
  let incorrectFeedback = ''
  const tilde = s.indexOf('~')
  if (tilde >= 0) {
    const wrong = s.slice(tilde + 1).trim()
    if (wrong !== '' && !wrong.startsWith('#')) {
      fail('unexpected_text', lineAt(at + tilde), 'in a numerical question, ~ may only be followed by #feedback for wrong answers.')
      return undefined
    }
    incorrectFeedback = cleanText(wrong.slice(1))
    answersText = s.slice(0, tilde)
  }
  const answers: NumericalAnswer[] = []
  let ok = true
  for (const piece of splitAt(answersText, at, ['='])) {
    const weighed = takeWeight(piece.text.trim())
    if (weighed.bad !== undefined) {
      fail('bad_weight', pieceLine(piece), `"%${weighed.bad}%" is not a weight; write a percentage such as %50%.`)
      ok = false
      continue
    }
    const [spec = '', feedbackText = ''] = explode(weighed.rest, '#', 2)
    const value = readNumericalValue(restore(spec).normalize('NFKC').trim())
    if (!value) {
      fail('bad_number', pieceLine(piece), `"${restore(spec).trim()}" is not a number; write 3.14, 3.14:0.01 (with a tolerance) or 1..5 (a range).`)
      ok = false
      continue
    }
    answers.push({ ...value, weight: weighed.weight ?? 1, feedback: cleanText(feedbackText) })
  }
  return ok ? { ...base, type: 'NUMERICAL', answers, incorrectFeedback } : undefined
}

function readNumericalValue(spec: string): { kind: 'TOLERANCE'; value: number; tolerance: number } | { kind: 'RANGE'; min: number; max: number } | null {
  const range = spec.indexOf('..')
  if (range > 0) {
    const min = parseNumber(spec.slice(0, range))
    const max = parseNumber(spec.slice(range + 2))
    return min === null || max === null ? null : { kind: 'RANGE', min, max }
  }
  const colon = spec.indexOf(':')
  const value = parseNumber(colon > 0 ? spec.slice(0, colon) : spec)
  const tolerance = colon > 0 ? parseNumber(spec.slice(colon + 1)) : 0
  return value === null || tolerance === null ? null : { kind: 'TOLERANCE', value, tolerance }
}

/** A leading `%n%` weight; `bad` when the percent signs hold something that isn't a number. */
function takeWeight(s: string): { weight: number | null; rest: string; bad?: string } {
  if (!s.startsWith('%')) return { weight: null, rest: s }
  const end = s.indexOf('%', 1)
  if (end < 0) return { weight: null, rest: s }
  const raw = restore(s.slice(1, end))
  if (!/^\s*-?\d+(?:\.\d*)?\s*$/.test(raw)) return { weight: null, rest: s, bad: raw }
  return { weight: Number(`${raw.trim()}e-2`), rest: s.slice(end + 1) } // decimal shift: 33.33333% is exactly 0.3333333
}

/** Moodle's parse_text_with_format: a known `[format]` marker at the very start. */
function splitFormat(s: string): { format: TextFormat; text: string } {
  const match = /^\[(\w+)\]/.exec(s)
  const format = TEXT_FORMATS.find((f) => f === match?.[1])
  return format ? { format, text: s.slice(match![0].length) } : { format: 'moodle', text: s }
}

const cleanText = (s: string) => restore(splitFormat(s.trim()).text).trim()

/** PHP's explode with a limit: the last part keeps the rest. */
function explode(s: string, separator: string, limit: number): string[] {
  const parts = s.split(separator)
  return parts.length > limit ? [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(separator)] : parts
}

function countNewlines(s: string, end: number): number {
  let n = 0
  for (let i = 0; i < end && i < s.length; i++) if (s[i] === '\n') n++
  return n
}

function tagsFrom(comments: string): string[] {
  const tags = [...comments.matchAll(/\[tag:((?:\\\]|[^\]])+)\]/g)].map((m) => m[1]!.replace(/\\\]/g, ']').trim()).filter((t) => t !== '')
  return [...new Set(tags)]
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

// ── Writing ────────────────────────────────────────────────────────────────────────────

const escapeGift = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[\\~=#{}:]/g, '\\$&')
    .replace(/\n/g, '\\n')
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ')
const startsWithFormat = (s: string) => /^\[(\w+)\]/.test(s) && TEXT_FORMATS.some((f) => s.startsWith(`[${f}]`))
const percentOf = (weight: number) => {
  const decimal = String(weight)
  return String(decimal.includes('e') ? Number((weight * 100).toPrecision(15)) : Number(`${decimal}e2`))
}

function formatQuestion(q: Question): string {
  const lines: string[] = []
  const marks = q.tags.map((tag) => `[tag:${oneLine(tag).replace(/\]/g, '\\]')}]`)
  if (q.type === 'MULTIPLE_CHOICE' && q.scoring === 'ALL_OR_NOTHING') marks.push('[scoring:all-or-nothing]')
  if (marks.length > 0) lines.push(`// ${marks.join(' ')}`)

  // Options and feedback share the question's format; a text that itself starts with a
  // marker gets the format marker in front, so the reader strips that one only.
  const part = (s: string) => (startsWithFormat(s) ? `[${q.textFormat}]` : '') + escapeGift(s)
  const feedback = (s: string) => (s === '' ? '' : `#${part(s)}`)
  const general = q.generalFeedback === '' ? [] : [`\t####${part(q.generalFeedback)}`]

  let block: string
  switch (q.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE': {
      const prefix = (o: ChoiceOption) => {
        if (q.type === 'SINGLE_CHOICE' && isFullCredit(o.weight)) return o.text.startsWith('%') ? '=%100%' : '='
        return o.weight !== 0 || o.text.startsWith('%') ? `~%${percentOf(o.weight)}%` : '~'
      }
      block = ['{', ...q.options.map((o) => `\t${prefix(o)}${part(o.text)}${feedback(o.feedback)}`), ...general, '}'].join('\n')
      break
    }
    case 'TRUE_FALSE': {
      const feedbacks = q.incorrectFeedback === '' && q.correctFeedback === '' ? '' : `#${part(q.incorrectFeedback)}${q.correctFeedback === '' ? '' : `#${part(q.correctFeedback)}`}`
      block = `{${q.answer ? 'TRUE' : 'FALSE'}${feedbacks}${q.generalFeedback === '' ? '' : `####${part(q.generalFeedback)}`}}`
      break
    }
    case 'SHORT_ANSWER': {
      const weight = (a: ShortAnswer) => (!isFullCredit(a.weight) || a.text.startsWith('%') ? `%${percentOf(a.weight)}%` : '')
      block = ['{', ...q.answers.map((a) => `\t=${weight(a)}${part(a.text)}${feedback(a.feedback)}`), ...general, '}'].join('\n')
      break
    }
    case 'NUMERICAL': {
      const weight = (a: NumericalAnswer) => (isFullCredit(a.weight) ? '' : `%${percentOf(a.weight)}%`)
      const value = (a: NumericalAnswer) => (a.kind === 'RANGE' ? `${a.min}..${a.max}` : a.tolerance === 0 ? `${a.value}` : `${a.value}:${a.tolerance}`)
      const wrong = q.incorrectFeedback === '' ? [] : [`\t~#${part(q.incorrectFeedback)}`]
      block = ['{#', ...q.answers.map((a) => `\t=${weight(a)}${value(a)}${feedback(a.feedback)}`), ...wrong, ...general, '}'].join('\n')
      break
    }
  }

  const head = `::${escapeGift(q.title)}::${q.textFormat !== 'moodle' || q.text.startsWith('[') ? `[${q.textFormat}]` : ''}`
  const blankAt = q.text.indexOf(BLANK)
  const after = blankAt >= 0 ? q.text.slice(blankAt + BLANK.length) : ''
  // A blank with text after it is where the answer block goes; one at the very end stays
  // literal, since a block at the end of the text reads back without a blank.
  lines.push(blankAt >= 0 && after.trim() !== '' ? `${head}${escapeGift(q.text.slice(0, blankAt))}${block}${escapeGift(after)}` : `${head}${escapeGift(q.text)}${block}`)
  return lines.join('\n')
}
