import { gradeAttempt, type AttemptGrade, type QuestionResponse } from '~/domain/grading.ts'
import type { Question } from '~/domain/question.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

type GradeOptions = { countGrading: boolean; keys?: Map<string, { question: Question; version: number }> }

/**
 * Grades an attempt's saved answers against its questions' keys and writes the per-question
 * scores and the totals, in one statement. `keys` maps a question version id to a corrected
 * key (a regrade); without one, each answer is graded against the version it was drawn with.
 */
export async function gradeStoredAttempt(tx: Tx, attemptId: string, passPercent: number, now: Date, options: GradeOptions) {
  const graded = await gradeStoredAttempts(tx, [{ id: attemptId, passPercent }], now, options)
  return graded.get(attemptId)!
}

/**
 * The same for many attempts at once (the grading queue's batches): one query reads every
 * answer, one the versions they were drawn with, and one statement writes every score and
 * every total, however many attempts. The caller holds the attempts' row locks.
 */
export async function gradeStoredAttempts(
  tx: Tx,
  attempts: readonly { id: string; passPercent: number }[],
  now: Date,
  options: GradeOptions,
): Promise<Map<string, AttemptGrade & { passed: boolean }>> {
  const graded = new Map<string, AttemptGrade & { passed: boolean }>()
  if (attempts.length === 0) return graded
  const ids = attempts.map((a) => a.id)
  const rows = await tx.$queryRaw<{ attemptId: string; position: number; mark: number; response: QuestionResponse | null; questionVersionId: string }[]>`
    SELECT q."attemptId", q."position", q."mark", q."response", q."questionVersionId"
      FROM "ExamAttemptQuestion" AS q
     WHERE q."attemptId" = ANY(${ids}::text[])
     ORDER BY q."attemptId", q."position"`
  // Attempts share their questions: read each drawn version once, not once per answer.
  const versionIds = [...new Set(rows.map((r) => r.questionVersionId))]
  const versions = new Map(
    (
      await tx.$queryRaw<{ id: string; version: number; content: Question }[]>`
        SELECT v."id", v."version", v."content" FROM "QuestionVersion" AS v WHERE v."id" = ANY(${versionIds}::text[])`
    ).map((v) => [v.id, v]),
  )
  const byAttempt = new Map<string, typeof rows>()
  for (const r of rows) byAttempt.set(r.attemptId, [...(byAttempt.get(r.attemptId) ?? []), r])

  const scores = { attemptId: [] as string[], position: [] as number[], score: [] as number[], points: [] as number[], keyVersion: [] as number[] }
  const totals = { id: [] as string[], points: [] as number[], maxPoints: [] as number[], percentage: [] as number[], passed: [] as boolean[] }
  for (const a of attempts) {
    const answers = byAttempt.get(a.id) ?? []
    const keyed = answers.map((r) => {
      const drawn = versions.get(r.questionVersionId)!
      return options.keys?.get(r.questionVersionId) ?? { question: drawn.content, version: drawn.version }
    })
    const result = gradeAttempt(
      keyed.map((k) => k.question),
      answers.map((r) => r.response ?? null),
      answers.map((r) => r.mark),
    )
    const passed = result.percentage >= a.passPercent
    graded.set(a.id, { ...result, passed })
    answers.forEach((r, i) => {
      scores.attemptId.push(a.id)
      scores.position.push(r.position)
      scores.score.push(result.questions[i]!.score)
      scores.points.push(result.questions[i]!.points)
      scores.keyVersion.push(keyed[i]!.version)
    })
    totals.id.push(a.id)
    totals.points.push(result.points)
    totals.maxPoints.push(result.maxPoints)
    totals.percentage.push(result.percentage)
    totals.passed.push(passed)
  }
  // A data-modifying WITH runs to completion whether or not the outer statement reads it.
  // Arrays (unnest) rather than VALUES: five parameters whatever the batch's size.
  await tx.$executeRaw`
    WITH scored AS (
           UPDATE "ExamAttemptQuestion" AS q
              SET "score" = v.score, "points" = v.points, "keyVersion" = v.key_version, "updatedAt" = ${now}
             FROM unnest(${scores.attemptId}::text[], ${scores.position}::int[], ${scores.score}::float8[], ${scores.points}::float8[], ${scores.keyVersion}::int[])
                  AS v(attempt_id, position, score, points, key_version)
            WHERE q."attemptId" = v.attempt_id AND q."position" = v.position
           RETURNING 1)
    UPDATE "ExamAttempt" AS a
       SET "points" = t.points, "maxPoints" = t.max_points, "percentage" = t.percentage, "passed" = t.passed,
           "gradedAt" = ${now}, "gradings" = a."gradings" + ${options.countGrading ? 1 : 0}::int, "updatedAt" = ${now}
      FROM unnest(${totals.id}::text[], ${totals.points}::float8[], ${totals.maxPoints}::float8[], ${totals.percentage}::float8[], ${totals.passed}::boolean[])
           AS t(id, points, max_points, percentage, passed)
     WHERE a."id" = t.id`
  return graded
}
