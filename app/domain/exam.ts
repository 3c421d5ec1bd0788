import { drawQuestions, shuffle, shuffleOptions, type Pool } from './draw.ts'
import type { Grade, QuestionResponse } from './grading.ts'
import { isFullCredit, type Question, type TextFormat } from './question.ts'

/**
 * Exam policy (issue 6): the window, the server-kept deadline, what paper an attempt gets,
 * what of a question the candidate may see, which attempt counts and when answers are
 * shown. Pure: time is a parameter, randomness comes from the attempt's seed.
 */

export type AnswerReveal = 'NEVER' | 'AFTER_SUBMISSION' | 'AFTER_CLOSE'
export type GradingMethod = 'HIGHEST' | 'LAST'

/**
 * An answer given in the last second reaches the server a moment after the deadline.
 * Saves and submissions are accepted this long after it; the clock shown to the candidate
 * never includes it, and the periodic sweep waits it out before auto-submitting.
 */
export const DEADLINE_GRACE_MS = 2000

export type ExamWindowState = 'not_open' | 'open' | 'closed'
export function examWindowState(exam: { opensAt: Date; closesAt: Date }, now: Date): ExamWindowState {
  if (now < exam.opensAt) return 'not_open'
  return now < exam.closesAt ? 'open' : 'closed'
}

/** The deadline of an attempt started at `startedAt`: its time limit, cut short by the exam's closing. */
export function attemptDeadline(startedAt: Date, timeLimitMinutes: number, closesAt: Date): Date {
  return new Date(Math.min(startedAt.getTime() + timeLimitMinutes * 60_000, closesAt.getTime()))
}

/** Milliseconds left before the deadline; never negative. */
export function remainingMs(deadline: Date, now: Date): number {
  return Math.max(0, deadline.getTime() - now.getTime())
}

/** True once nothing more may be saved: the deadline and its network grace have passed. */
export function isPastDeadline(deadline: Date, now: Date, graceMs = DEADLINE_GRACE_MS): boolean {
  return now.getTime() > deadline.getTime() + graceMs
}

export type StartRefusal = 'exam_not_open' | 'exam_closed' | 'no_attempts_left'

/** Whether a new attempt may start now; an attempt already in progress is resumed instead (the caller's job). */
export function startRefusal(input: { opensAt: Date; closesAt: Date; attemptsAllowed: number; attemptsUsed: number; now: Date }): StartRefusal | null {
  const state = examWindowState(input, input.now)
  if (state === 'not_open') return 'exam_not_open'
  if (state === 'closed') return 'exam_closed'
  if (input.attemptsUsed >= input.attemptsAllowed) return 'no_attempts_left'
  return null
}

// ── The paper ─────────────────────────────────────────────────────────────────────────

/** A question of the bank as the draw sees it: `id` is the question, `versionId` its latest version. */
export type BankQuestion = { id: string; versionId: string; tags: readonly string[]; question: Question }
export type PaperQuestion = { questionId: string; versionId: string; optionOrder: number[] }
export type PaperSpec = { selection: 'FIXED'; questionIds: readonly string[] } | { selection: 'RANDOM'; pools: readonly Pool[] }
export type PaperError = { code: 'no_questions' } | { code: 'pool_too_small' | 'invalid_count'; tag: string; needed: number; available: number }

/**
 * The questions an attempt gets, in the order it shows them, with each option order.
 * FIXED takes the exam's questions that are still in `bank` (retired ones are left out of
 * it by the caller); RANDOM draws per pool (app/domain/draw.ts). Everything follows from
 * `seed`, in separate streams, so the same seed always gives the same paper.
 */
export function buildPaper(
  spec: PaperSpec,
  bank: readonly BankQuestion[],
  options: { seed: string; shuffleQuestions: boolean; shuffleOptions: boolean },
): { ok: true; questions: PaperQuestion[] } | { ok: false; error: PaperError } {
  let chosen: BankQuestion[]
  if (spec.selection === 'FIXED') {
    const byId = new Map(bank.map((q) => [q.id, q]))
    chosen = spec.questionIds.map((id) => byId.get(id)).filter((q): q is BankQuestion => q !== undefined)
  } else {
    const drawn = drawQuestions(spec.pools, bank, `${options.seed}:draw`)
    if (!drawn.ok) return { ok: false, error: { code: drawn.error.code, tag: drawn.error.tag, needed: drawn.error.needed, available: drawn.error.available } }
    chosen = drawn.questions
  }
  if (chosen.length === 0) return { ok: false, error: { code: 'no_questions' } }
  if (options.shuffleQuestions) chosen = shuffle(chosen, `${options.seed}:order`)
  return {
    ok: true,
    questions: chosen.map((q) => ({
      questionId: q.id,
      versionId: q.versionId,
      optionOrder: options.shuffleOptions ? shuffleOptions(q.question, `${options.seed}:options:${q.id}`).order : identityOrder(q.question),
    })),
  }
}

function identityOrder(question: Question): number[] {
  return question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE' ? question.options.map((_, i) => i) : []
}

// ── What the candidate sees ───────────────────────────────────────────────────────────

/**
 * A question as sent to the browser while the attempt runs: the text and the options in
 * shown order, and nothing else. No weights, feedback, accepted answers or title (a GIFT
 * title may give the answer away). Options are numbered as shown.
 */
export type CandidateQuestion = {
  position: number
  type: Question['type']
  text: string
  textFormat: TextFormat
  /** Choice questions only, in shown order. */
  options: { text: string }[]
}

export function candidateQuestion(position: number, question: Question, optionOrder: readonly number[]): CandidateQuestion {
  const options = question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE' ? orderOptions(question.options, optionOrder).map((o) => ({ text: o.text })) : []
  return { position, type: question.type, text: question.text, textFormat: question.textFormat, options }
}

function orderOptions<T>(options: readonly T[], optionOrder: readonly number[]): T[] {
  return optionOrder.length === options.length ? optionOrder.map((i) => options[i]!) : [...options]
}

/**
 * A response from the browser, options numbered as shown, turned into one numbered as
 * stored, which is what grading reads. Null when it does not fit the question: another
 * type, an option that isn't there, text over 500 characters.
 */
export function toStoredResponse(question: Question, optionOrder: readonly number[], shown: QuestionResponse): QuestionResponse | null {
  if (shown.type !== question.type) return null
  const count = question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE' ? question.options.length : 0
  const stored = (i: number) => (Number.isInteger(i) && i >= 0 && i < count ? (optionOrder.length === count ? optionOrder[i]! : i) : null)
  switch (shown.type) {
    case 'SINGLE_CHOICE': {
      if (shown.option === null) return shown
      const option = stored(shown.option)
      return option === null ? null : { type: 'SINGLE_CHOICE', option }
    }
    case 'MULTIPLE_CHOICE': {
      const options = [...new Set(shown.options)].map(stored)
      return options.some((o) => o === null) ? null : { type: 'MULTIPLE_CHOICE', options: (options as number[]).sort((a, b) => a - b) }
    }
    case 'TRUE_FALSE':
      return shown
    case 'SHORT_ANSWER':
    case 'NUMERICAL':
      return shown.text.length > 500 ? null : shown
  }
}

/** The inverse of `toStoredResponse`: a saved response as the browser numbers the options. */
export function toShownResponse(optionOrder: readonly number[], stored: QuestionResponse): QuestionResponse {
  const shown = (i: number) => (optionOrder.length > 0 ? optionOrder.indexOf(i) : i)
  if (stored.type === 'SINGLE_CHOICE') return { type: 'SINGLE_CHOICE', option: stored.option === null ? null : shown(stored.option) }
  if (stored.type === 'MULTIPLE_CHOICE') return { type: 'MULTIPLE_CHOICE', options: stored.options.map(shown).sort((a, b) => a - b) }
  return stored
}

/** Whether a candidate may see the right answers of a finished attempt now. The score is always shown. */
export function answersVisible(reveal: AnswerReveal, exam: { closesAt: Date }, now: Date): boolean {
  if (reveal === 'NEVER') return false
  if (reveal === 'AFTER_SUBMISSION') return true
  return now >= exam.closesAt
}

/** One question of a finished attempt as its candidate reviews it; the key only when `reveal`. */
export type ReviewQuestion = CandidateQuestion & {
  response: QuestionResponse | null
  score: number
  correct: boolean
  key: null | {
    /** Shown numbering. */
    rightOptions: number[]
    trueFalse: boolean | null
    acceptedAnswers: string[]
    feedback: string
  }
}

export function reviewQuestion(position: number, question: Question, optionOrder: readonly number[], stored: QuestionResponse | null, grade: Grade, reveal: boolean): ReviewQuestion {
  const base = candidateQuestion(position, question, optionOrder)
  const response = stored ? toShownResponse(optionOrder, stored) : null
  if (!reveal) return { ...base, response, score: grade.score, correct: grade.correct, key: null }
  let rightOptions: number[] = []
  let acceptedAnswers: string[] = []
  let trueFalse: boolean | null = null
  let feedback = question.generalFeedback
  if (question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE') {
    const shown = orderOptions(question.options, optionOrder)
    rightOptions = shown.flatMap((o, i) => ((question.type === 'SINGLE_CHOICE' ? isFullCredit(o.weight) : o.weight > 0) ? [i] : []))
  } else if (question.type === 'TRUE_FALSE') {
    trueFalse = question.answer
    feedback = [grade.correct ? question.correctFeedback : question.incorrectFeedback, feedback].filter(Boolean).join('\n')
  } else if (question.type === 'SHORT_ANSWER') {
    acceptedAnswers = question.answers.filter((a) => isFullCredit(a.weight)).map((a) => a.text)
  } else {
    acceptedAnswers = question.answers.filter((a) => isFullCredit(a.weight)).map((a) => (a.kind === 'RANGE' ? `${a.min}–${a.max}` : a.tolerance === 0 ? `${a.value}` : `${a.value} ± ${a.tolerance}`))
  }
  return { ...base, response, score: grade.score, correct: grade.correct, key: { rightOptions, trueFalse, acceptedAnswers, feedback } }
}

// ── Which attempt counts ──────────────────────────────────────────────────────────────

export type FinishedAttempt = { number: number; percentage: number }

/**
 * The attempt that counts (Moodle's grading methods): HIGHEST, the best percentage (the
 * earlier attempt on a tie); LAST, the latest finished one. Passed when it reaches the pass
 * mark; percentages carry two decimals, so 59.995 rounds before it gets here.
 */
export function examOutcome<A extends FinishedAttempt>(attempts: readonly A[], method: GradingMethod, passPercent: number): { counted: A | null; passed: boolean } {
  if (attempts.length === 0) return { counted: null, passed: false }
  const sorted = [...attempts].sort((a, b) => a.number - b.number)
  const counted = method === 'LAST' ? sorted.at(-1)! : sorted.reduce((best, a) => (a.percentage > best.percentage ? a : best))
  return { counted, passed: counted.percentage >= passPercent }
}

// ── Eligibility ───────────────────────────────────────────────────────────────────────

export type EligibilityReason =
  | { code: 'not_registered' }
  | { code: 'registration_not_confirmed' }
  | { code: 'attendance_short'; requiredMinutes: number; scheduledMinutes: number; attendedMinutes: number }
  | { code: 'attendance_unavailable' }
export type Eligibility = { eligible: true } | { eligible: false; reason: EligibilityReason }

/**
 * The attendance rule: at least `requiredMinutes` attended. Minutes are reported rounded
 * down, so "you have 149" is never shown to someone refused at 149.6 of 150.
 */
export function checkAttendedMinutes(requiredMinutes: number, attendedMinutes: number, scheduledMinutes: number): Eligibility {
  if (attendedMinutes >= requiredMinutes) return { eligible: true }
  return { eligible: false, reason: { code: 'attendance_short', requiredMinutes, scheduledMinutes: Math.round(scheduledMinutes), attendedMinutes: Math.floor(attendedMinutes) } }
}

/** Minutes covered by the sessions (breaks left out), parallel sessions counted once. */
export function scheduledMinutes(sessions: readonly { startsAt: Date; endsAt: Date; kind?: string }[]): number {
  const spans = sessions
    .filter((s) => s.kind !== 'BREAK' && s.endsAt > s.startsAt)
    .map((s) => [s.startsAt.getTime(), s.endsAt.getTime()] as const)
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let end = -Infinity
  for (const [s, e] of spans) {
    if (e <= end) continue
    total += e - Math.max(s, end)
    end = e
  }
  return total / 60_000
}
