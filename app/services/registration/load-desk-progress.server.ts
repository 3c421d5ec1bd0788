import { deskExamProgress, deskMinutes, deskSurveyProgress, type DeskExam, type DeskExamProgress, type DeskSurvey, type DeskSurveyProgress } from '~/domain/desk-progress.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'

export type DeskProgress = { minutes: number; exam: DeskExamProgress; survey: DeskSurveyProgress }

/** The event's published exams and surveys: read once per page, or once per export. */
export type DeskProgressScope = { exams: DeskExam[]; surveys: DeskSurvey[] }

export async function loadDeskProgressScope(db: Db, eventId: string): Promise<DeskProgressScope> {
  const [exams, surveys] = await Promise.all([
    db.exam.findMany({ where: { eventId, published: true }, select: { id: true, gradingMethod: true, passPercent: true } }),
    db.survey.findMany({ where: { eventId, published: true }, select: { id: true, requiredForCertificate: true } }),
  ])
  return { exams, surveys }
}

/**
 * Minutes, exam and survey state of the given registrations (a page of the desk, or a batch
 * of its export): one query per column family for exactly these ids, so the cost follows the
 * page, never the event's 50,000 registrations.
 *
 * Minutes are the stored attendance intervals (live, on site and replay, every forum of the
 * event) united over time, so two devices or parallel forums count once; the intervals are
 * derived from the ledger while a forum is live and when it ends (derive-live-attendance), so
 * a forum in progress may trail by the derivation's lease. Credited minutes (inside the
 * sessions' credited windows) are on the attendee's evidence page.
 */
export async function loadDeskProgress(db: Db, scope: DeskProgressScope, registrationIds: readonly string[]): Promise<Map<string, DeskProgress>> {
  const progress = new Map<string, DeskProgress>()
  if (registrationIds.length === 0) return progress
  const ids = [...registrationIds]
  const examIds = scope.exams.map((e) => e.id)
  const surveyIds = scope.surveys.map((s) => s.id)
  const [seconds, attempts, completions] = await Promise.all([
    db.$queryRaw<{ id: string; seconds: number }[]>(Prisma.sql`
      SELECT u."registrationId" AS id, COALESCE(SUM(EXTRACT(EPOCH FROM upper(u.r) - lower(u.r))), 0)::float8 AS seconds
      FROM (
        SELECT "registrationId", unnest(range_agg(tsrange("start", "end"))) AS r
        FROM "AttendanceInterval"
        WHERE "registrationId" = ANY(${ids}::text[]) AND "end" > "start"
        GROUP BY "registrationId"
      ) u
      GROUP BY u."registrationId"`),
    examIds.length === 0
      ? []
      : db.examAttempt.findMany({ where: { registrationId: { in: ids }, examId: { in: examIds } }, select: { registrationId: true, examId: true, number: true, status: true, percentage: true } }),
    surveyIds.length === 0 ? [] : db.surveyCompletion.findMany({ where: { registrationId: { in: ids }, surveyId: { in: surveyIds } }, select: { registrationId: true, surveyId: true } }),
  ])
  const secondsOf = new Map(seconds.map((s) => [s.id, Number(s.seconds)]))
  const attemptsOf = groupBy(attempts, (a) => a.registrationId)
  const completedOf = groupBy(completions, (c) => c.registrationId)
  for (const id of ids) {
    progress.set(id, {
      minutes: deskMinutes(secondsOf.get(id) ?? 0),
      exam: deskExamProgress(scope.exams, attemptsOf.get(id) ?? []),
      survey: deskSurveyProgress(scope.surveys, new Set((completedOf.get(id) ?? []).map((c) => c.surveyId))),
    })
  }
  return progress
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}
