import { examOutcome, type GradingMethod } from './exam.ts'

/**
 * How far a registrant has come, as the registrations desk shows it per row: minutes attended,
 * the exam state and the survey state of the event. Pure: the service reads the rows.
 */

export const DESK_EXAM_STATES = ['none', 'not_started', 'in_progress', 'awaiting_grade', 'failed', 'passed'] as const
export type DeskExamState = (typeof DESK_EXAM_STATES)[number]
export const DESK_SURVEY_STATES = ['none', 'not_completed', 'completed'] as const
export type DeskSurveyState = (typeof DESK_SURVEY_STATES)[number]

export type DeskExam = { id: string; gradingMethod: GradingMethod; passPercent: number }
export type DeskAttempt = { examId: string; number: number; status: 'IN_PROGRESS' | 'SUBMITTED' | 'AUTO_SUBMITTED'; percentage: number | null }

export type DeskExamProgress = { state: DeskExamState; passed: number; total: number }

/**
 * One word for a registrant's exams (the event's published ones), each judged by its own
 * grading method and pass mark, as the credit evidence judges them:
 * - `none`: the event has no published exam;
 * - `passed`: every exam passed;
 * - `in_progress`: an attempt is open now;
 * - `awaiting_grade`: a finished attempt waits for its grade and nothing failed yet;
 * - `failed`: some exam has graded attempts and is not passed (more attempts may remain);
 * - `not_started`: no attempt at all (an exam passed while others wait to be started shows
 *   as `not_started` with its count of passed exams).
 */
export function deskExamProgress(exams: readonly DeskExam[], attempts: readonly DeskAttempt[]): DeskExamProgress {
  const total = exams.length
  if (total === 0) return { state: 'none', passed: 0, total }
  let passed = 0
  let failed = false
  let awaiting = false
  let open = false
  for (const exam of exams) {
    const own = attempts.filter((a) => a.examId === exam.id)
    if (own.some((a) => a.status === 'IN_PROGRESS')) open = true
    const graded = own.filter((a) => a.status !== 'IN_PROGRESS' && a.percentage !== null).map((a) => ({ number: a.number, percentage: a.percentage! }))
    if (own.some((a) => a.status !== 'IN_PROGRESS' && a.percentage === null)) awaiting = true
    if (graded.length === 0) continue
    if (examOutcome(graded, exam.gradingMethod, exam.passPercent).passed) passed++
    else failed = true
  }
  const state: DeskExamState = passed === total ? 'passed' : open ? 'in_progress' : failed ? 'failed' : awaiting ? 'awaiting_grade' : 'not_started'
  return { state, passed, total }
}

export type DeskSurvey = { id: string; requiredForCertificate: boolean }
export type DeskSurveyProgress = { state: DeskSurveyState; completed: number; total: number }

/**
 * The surveys that count are those marked "required for the certificate", or every published
 * one when none is marked (the credit evidence's rule); `completed` when all of them are.
 */
export function deskSurveyProgress(surveys: readonly DeskSurvey[], completedSurveyIds: ReadonlySet<string>): DeskSurveyProgress {
  const counted = surveys.some((s) => s.requiredForCertificate) ? surveys.filter((s) => s.requiredForCertificate) : surveys
  const total = counted.length
  if (total === 0) return { state: 'none', completed: 0, total }
  const completed = counted.filter((s) => completedSurveyIds.has(s.id)).length
  return { state: completed === total ? 'completed' : 'not_completed', completed, total }
}

/** Minutes as the desk shows them: whole minutes, rounded down (59.9 attended is not an hour). */
export function deskMinutes(seconds: number): number {
  return Math.max(0, Math.floor(seconds / 60))
}
