import { parseAiken } from './aiken.ts'
import { parseGift } from './gift.ts'
import { FILE_LIMITS, type FileLimits } from './import-limits.ts'
import type { ParsedQuestion, Question } from './question.ts'

/**
 * The bank's side of imported questions (issue 6): one entry point for both formats, the
 * languages a question is written in, and its tags. Pure.
 */

export const IMPORT_FORMATS = ['gift', 'aiken'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]
/** `limit`: the limit a `too_many_…` or `…_too_long` error is about, for its translation. */
export type ImportError = { line: number; code: string; message: string; question: string | null; limit?: number }
export type ParsedFile = { questions: ParsedQuestion[]; errors: ImportError[] }

/** An error quotes what it is about (a weight, a number, an option); a quote of a whole file stops here. */
const MESSAGE_CHARS = 300

/**
 * Parses a whole file, within FILE_LIMITS (./import-limits.ts) and QUESTION_LIMITS. The caller
 * writes nothing unless `errors` is empty (all or nothing).
 */
export function parseQuestionFile(format: ImportFormat, text: string, limits: FileLimits = FILE_LIMITS): ParsedFile {
  const parsed = format === 'gift' ? parseGift(text, limits) : parseAiken(text, limits)
  if (parsed.questions.length === 0 && parsed.errors.length === 0) {
    return { questions: [], errors: [{ line: 1, code: 'empty_file', message: 'The file holds no questions.', question: null }] }
  }
  const errors = parsed.errors.map((e) => (e.message.length > MESSAGE_CHARS ? { ...e, message: `${e.message.slice(0, MESSAGE_CHARS - 1)}…` } : e))
  return { questions: parsed.questions, errors }
}

/**
 * What a preview shows of the questions read: the first ones, at most `questions` of them and
 * about `chars` characters of content, so that the page stays small whatever the file holds.
 */
export function previewQuestions(questions: readonly ParsedQuestion[], limits: { questions: number; chars: number } = { questions: 50, chars: 200_000 }): ParsedQuestion[] {
  const shown: ParsedQuestion[] = []
  let chars = 0
  for (const question of questions.slice(0, limits.questions)) {
    chars += JSON.stringify(question).length
    if (chars > limits.chars) break
    shown.push(question)
  }
  return shown
}

export type BankLanguage = 'zh_CN' | 'en'

/**
 * Chinese when any Han character appears in the text or options; English when a Latin word
 * of three or more letters does (markup, entities and LaTeX commands left out). A bilingual
 * question is both; one with neither (numbers only) is neither.
 */
export function detectLanguages(question: Question): BankLanguage[] {
  const parts = [question.text]
  if (question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE') parts.push(...question.options.map((o) => o.text))
  if (question.type === 'SHORT_ANSWER') parts.push(...question.answers.map((a) => a.text))
  const text = parts
    .join(' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|\\[a-zA-Z]+/g, ' ')
  const languages: BankLanguage[] = []
  if (/\p{Script=Han}/u.test(text)) languages.push('zh_CN')
  if (/(?:^|[^A-Za-z])[A-Za-z]{3,}/.test(text)) languages.push('en')
  return languages
}

/** The question's own GIFT tags plus the ones chosen on import, trimmed, without duplicates, at most 20 of 60 characters. */
export function bankTags(question: Question, extra: readonly string[]): string[] {
  return [...new Set([...extra, ...question.tags].map((t) => t.trim().slice(0, 60)).filter((t) => t !== ''))].slice(0, 20)
}
