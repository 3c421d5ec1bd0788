import { examOutcome } from '~/domain/exam.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * "Exam passed" and "evaluation completed" for one registration, read from the exam and
 * survey work (issue 6). The one place that knows their tables, so a change there is a
 * change here only.
 *
 * Scope: an event-wide rule looks at every published exam and survey of the event; a forum
 * rule at those of the forum (and its sessions); a session rule at those of the session.
 * - Exam passed: at least one exam in scope, and each one passed under its own grading
 *   method (HIGHEST or LAST attempt against its pass mark). No exam in scope is not a pass.
 * - Evaluation completed: the surveys in scope marked "required for the certificate"
 *   (all published surveys in scope when none is marked) exist and are all completed.
 */
export type CreditScope = { eventId: string; forumId: string | null; sessionId: string | null }
export type CreditEvidence = {
  examPassed: boolean
  evaluationCompleted: boolean
  exams: { id: string; passed: boolean; percentage: number | null }[]
  surveys: { id: string; completed: boolean }[]
}

export async function getCreditEvidence(db: Db, scope: CreditScope, registrationId: string): Promise<CreditEvidence> {
  const forumSessionIds = scope.forumId && !scope.sessionId ? (await db.session.findMany({ where: { forumId: scope.forumId }, select: { id: true } })).map((s) => s.id) : []
  const examWhere = scope.sessionId ? { sessionId: scope.sessionId } : scope.forumId ? { OR: [{ forumId: scope.forumId }, { sessionId: { in: forumSessionIds } }] } : {}
  const exams = await db.exam.findMany({
    where: { eventId: scope.eventId, published: true, ...examWhere },
    select: {
      id: true,
      gradingMethod: true,
      passPercent: true,
      attempts: { where: { registrationId, status: { not: 'IN_PROGRESS' }, percentage: { not: null } }, select: { id: true, number: true, percentage: true } },
    },
  })
  const examResults = exams.map((exam) => {
    const outcome = examOutcome(
      exam.attempts.map((a) => ({ ...a, percentage: a.percentage! })),
      exam.gradingMethod,
      exam.passPercent,
    )
    return { id: exam.id, passed: outcome.passed, percentage: outcome.counted?.percentage ?? null }
  })

  // Surveys belong to an event or a forum; a session rule uses its forum's.
  const surveyForumId = scope.forumId ?? (scope.sessionId ? ((await db.session.findUnique({ where: { id: scope.sessionId }, select: { forumId: true } }))?.forumId ?? null) : null)
  const surveys = await db.survey.findMany({
    where: { eventId: scope.eventId, published: true, ...(surveyForumId ? { OR: [{ forumId: surveyForumId }, { forumId: null }] } : {}) },
    select: { id: true, requiredForCertificate: true, completions: { where: { registrationId }, select: { registrationId: true } } },
  })
  const required = surveys.some((s) => s.requiredForCertificate) ? surveys.filter((s) => s.requiredForCertificate) : surveys
  const surveyResults = required.map((s) => ({ id: s.id, completed: s.completions.length > 0 }))

  return {
    examPassed: examResults.length > 0 && examResults.every((e) => e.passed),
    evaluationCompleted: surveyResults.length > 0 && surveyResults.every((s) => s.completed),
    exams: examResults,
    surveys: surveyResults,
  }
}
