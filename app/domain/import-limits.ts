/**
 * How much one GIFT or Aiken file may hold (issue 17: a 1.98M-character Aiken preview kept the
 * server busy for 35 s and answered with a 53 MB page). The bytes are bounded before this (2 MB
 * per import request, app/utils/body-limit.server.ts); these bound the work and the answer:
 * - lines: a 2 MB file of real questions has a few tens of thousands;
 * - questions: one import is one exam's bank, not a library (split a bigger one);
 * - errors: past a hundred, reading on only lengthens a list nobody reads; the first ones are fixed first.
 * A single question has limits of its own (QUESTION_LIMITS in ./question.ts).
 */
export const FILE_LIMITS = { lines: 100_000, questions: 2_000, errors: 100 } as const

/**
 * The bytes of one import's text in UTF-8, "a file of up to 2 MB". The request carrying it may
 * be 2 MiB (BODY_LIMITS.questionImport), which leaves room for the form's other fields.
 */
export const IMPORT_TEXT_BYTES = 2_000_000
export type FileLimits = { lines: number; questions: number; errors: number }

export type FileLimitCode = 'too_many_lines' | 'too_many_questions' | 'too_many_errors'
export type FileLimitError = { line: number; code: FileLimitCode; message: string; question: null; limit: number }

const n = (value: number) => value.toLocaleString('en')

export function tooManyLines(limits: FileLimits): FileLimitError {
  return { line: limits.lines + 1, code: 'too_many_lines', message: `The file has more than ${n(limits.lines)} lines; split it into smaller files.`, question: null, limit: limits.lines }
}

/** `line`: where the first question past the limit starts. */
export function tooManyQuestions(limits: FileLimits, line: number): FileLimitError {
  return { line, code: 'too_many_questions', message: `The file has more than ${n(limits.questions)} questions; split it into smaller files.`, question: null, limit: limits.questions }
}

/** `line`: where reading stopped. */
export function tooManyErrors(limits: FileLimits, line: number): FileLimitError {
  return { line, code: 'too_many_errors', message: `Reading stopped after ${n(limits.errors)} errors; correct these and import again.`, question: null, limit: limits.errors }
}
