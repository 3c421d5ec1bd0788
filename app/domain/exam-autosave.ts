import type { QuestionResponse } from './grading.ts'

/**
 * Autosave policy for the attempt page: what an answer's save state is after the server
 * (or the network) answered, when to try again, and which answers kept on the device the
 * server does not have yet. Rule: an answer is never silently lost. Until the server has
 * it, it stays on the device and the page says "not saved" and why.
 */

export type UnsavedReason = 'signed_out' | 'time_up' | 'invalid' | 'network' | 'refused'

export type SaveFailure = {
  reason: UnsavedReason
  /** backoff: try again by itself; after_login: once the person is logged in again; never: this answer will not be taken. */
  retry: 'backoff' | 'after_login' | 'never'
  /** The attempt is over (submitted, or time ran out): the page shows the result. */
  attemptOver: boolean
}

/** From the HTTP status and the API's error code; `status` null means the request never got an answer. */
export function judgeSaveFailure(status: number | null, code?: string): SaveFailure {
  if (status === null || status >= 500 || status === 408 || status === 429) return { reason: 'network', retry: 'backoff', attemptOver: false }
  if (status === 401) return { reason: 'signed_out', retry: 'after_login', attemptOver: false }
  if (status === 409 && (code === 'attempt_time_up' || code === 'attempt_finished')) return { reason: 'time_up', retry: 'never', attemptOver: true }
  if (status === 422) return { reason: 'invalid', retry: 'never', attemptOver: false }
  return { reason: 'refused', retry: 'never', attemptOver: false }
}

const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

/** Doubling from 1 s after each failure in a row, at most 30 s. */
export function retryDelayMs(failuresInARow: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(failuresInARow - 1, 10)))
}

const KEY_PREFIX = 'exam-answer:'

/** The device's storage key of one unsaved answer. */
export function localAnswerKey(attemptId: string, position: number): string {
  return `${KEY_PREFIX}${attemptId}:${position}`
}

/** The question position a storage key belongs to, when it is this attempt's; else null. */
export function positionOfLocalKey(key: string, attemptId: string): number | null {
  const prefix = `${KEY_PREFIX}${attemptId}:`
  if (!key.startsWith(prefix)) return null
  const rest = key.slice(prefix.length)
  return /^\d{1,4}$/.test(rest) ? Number(rest) : null
}

/** Same answer, whatever the order of keys or of chosen options. */
export function sameResponse(a: QuestionResponse | null | undefined, b: QuestionResponse | null | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null)
}

function canonical(r: QuestionResponse | null): string {
  if (r === null) return 'null'
  switch (r.type) {
    case 'SINGLE_CHOICE':
      return JSON.stringify([r.type, r.option])
    case 'MULTIPLE_CHOICE':
      return JSON.stringify([r.type, [...r.options].sort((x, y) => x - y)])
    case 'TRUE_FALSE':
      return JSON.stringify([r.type, r.answer])
    default:
      return JSON.stringify([r.type, r.text])
  }
}

/**
 * Answers kept on the device that differ from the server's: the page sends these again
 * when it loads (after a log-in, a reload or a crash). The rest (the server has them, or
 * no such question in this paper) can be forgotten.
 */
export function answersToResend(local: ReadonlyMap<number, QuestionResponse>, server: ReadonlyMap<number, QuestionResponse | null>): { resend: number[]; forget: number[] } {
  const resend: number[] = []
  const forget: number[] = []
  for (const [position, response] of [...local].sort(([a], [b]) => a - b)) {
    if (server.has(position) && !sameResponse(response, server.get(position))) resend.push(position)
    else forget.push(position)
  }
  return { resend, forget }
}
