import { gradeAttempt, type QuestionResponse } from '~/domain/grading.ts'
import type { Question } from '~/domain/question.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Grades an attempt's saved answers against its questions' keys and writes the per-question
 * scores and the totals, in one statement. `keys` maps a question version id to a corrected
 * key (a regrade); without one, each answer is graded against the version it was drawn with.
 */
export async function gradeStoredAttempt(tx: Tx, attemptId: string, passPercent: number, now: Date, options: { countGrading: boolean; keys?: Map<string, { question: Question; version: number }> }) {
  const rows = await tx.$queryRaw<{ position: number; mark: number; response: QuestionResponse | null; questionVersionId: string; version: number; content: Question }[]>`
    SELECT q."position", q."mark", q."response", q."questionVersionId", v."version", v."content"
      FROM "ExamAttemptQuestion" AS q JOIN "QuestionVersion" AS v ON v."id" = q."questionVersionId"
     WHERE q."attemptId" = ${attemptId}
     ORDER BY q."position"`
  const keyed = rows.map((r) => options.keys?.get(r.questionVersionId) ?? { question: r.content, version: r.version })
  const result = gradeAttempt(
    keyed.map((k) => k.question),
    rows.map((r) => r.response ?? null),
    rows.map((r) => r.mark),
  )
  const passed = result.percentage >= passPercent
  const values =
    rows.length > 0
      ? Prisma.join(rows.map((r, i) => Prisma.sql`(${r.position}::int, ${result.questions[i]!.score}::float8, ${result.questions[i]!.points}::float8, ${keyed[i]!.version}::int)`))
      : Prisma.sql`(NULL::int, NULL::float8, NULL::float8, NULL::int)`
  // A data-modifying WITH runs to completion whether or not the outer statement reads it.
  await tx.$executeRaw`
    WITH v(position, score, points, key_version) AS (VALUES ${values}),
         scored AS (
           UPDATE "ExamAttemptQuestion" AS q
              SET "score" = v.score, "points" = v.points, "keyVersion" = v.key_version, "updatedAt" = ${now}
             FROM v
            WHERE q."attemptId" = ${attemptId} AND q."position" = v.position
           RETURNING 1)
    UPDATE "ExamAttempt"
       SET "points" = ${result.points}::float8, "maxPoints" = ${result.maxPoints}::float8, "percentage" = ${result.percentage}::float8, "passed" = ${passed},
           "gradedAt" = ${now}, "gradings" = "gradings" + ${options.countGrading ? 1 : 0}::int, "updatedAt" = ${now}
     WHERE "id" = ${attemptId}`
  return { ...result, passed }
}
