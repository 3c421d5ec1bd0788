import type { Question } from '~/domain/question.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { gradeStoredAttempt } from './grade-exam-attempt.server.ts'

/**
 * Regrades an exam's finished attempts after a key was corrected: every answer is graded
 * again against the latest version of its question, when that version can grade it (same
 * type, and for choice questions the same number of options, since answers are stored as
 * option positions). A version that changed the question's shape is skipped and named in
 * the result. One transaction, and one audit entry listing every score that changed.
 */
export async function regradeExam(db: Db, input: { eventId: string; examId: string; now?: Date }, ctx: AuditContext = {}) {
  const now = input.now ?? new Date()
  const exam = await db.exam.findFirst({ where: { id: input.examId, eventId: input.eventId }, select: { id: true, passPercent: true } })
  if (!exam) throw new AppError('not_found', 'No such exam')

  return db.$transaction(
    async (tx) => {
      // Locked in id order, as the grading queue locks them: an attempt still waiting for its
      // grading job is graded here (and counted, so the job then leaves it alone).
      const attempts = await tx.$queryRaw<{ id: string; percentage: number | null; passed: boolean | null; gradings: number }[]>`
        SELECT "id", "percentage", "passed", "gradings" FROM "ExamAttempt" WHERE "examId" = ${exam.id} AND "status" <> 'IN_PROGRESS' ORDER BY "id" FOR UPDATE`
      const drawn = await tx.questionVersion.findMany({
        where: { attemptQuestions: { some: { attempt: { examId: exam.id, status: { not: 'IN_PROGRESS' } } } } },
        select: {
          id: true,
          version: true,
          content: true,
          question: { select: { id: true, latestVersion: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true, content: true } } } },
        },
      })
      const keys = new Map<string, { question: Question; version: number }>()
      const corrected: { questionId: string; fromVersion: number; toVersion: number }[] = []
      const skipped: { questionId: string; fromVersion: number; toVersion: number }[] = []
      for (const v of drawn) {
        const latest = v.question.versions[0]!
        if (latest.version === v.version) continue
        const change = { questionId: v.question.id, fromVersion: v.version, toVersion: latest.version }
        if (!canGrade(v.content as unknown as Question, latest.content as unknown as Question)) {
          skipped.push(change)
          continue
        }
        keys.set(v.id, { question: latest.content as unknown as Question, version: latest.version })
        corrected.push(change)
      }
      const changed: { attemptId: string; before: number | null; after: number; passedBefore: boolean | null; passedAfter: boolean }[] = []
      for (const a of attempts) {
        const graded = await gradeStoredAttempt(tx, a.id, exam.passPercent, now, { countGrading: a.gradings === 0, keys })
        if (graded.percentage !== a.percentage || graded.passed !== a.passed)
          changed.push({ attemptId: a.id, before: a.percentage, after: graded.percentage, passedBefore: a.passed, passedAfter: graded.passed })
      }
      await writeAudit(tx, 'exam.regraded', { examId: exam.id, attempts: attempts.length, corrected, skipped, changed }, ctx)
      logger.info({ examId: exam.id, attempts: attempts.length, changed: changed.length }, 'exam regraded')
      return { attempts: attempts.length, corrected, skipped, changed }
    },
    { timeout: 300_000, maxWait: 20_000 },
  )
}

/** Whether answers given to `asked` can be graded with `key`. */
export function canGrade(asked: Question, key: Question): boolean {
  if (asked.type !== key.type) return false
  if ((asked.type === 'SINGLE_CHOICE' || asked.type === 'MULTIPLE_CHOICE') && (key.type === 'SINGLE_CHOICE' || key.type === 'MULTIPLE_CHOICE')) return asked.options.length === key.options.length
  return true
}
