import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startExamGrading } from '../../app/jobs/exam-grading-worker.server.ts'
import { gradeAttempt, type QuestionResponse } from '../../app/domain/grading.ts'
import type { Question } from '../../app/domain/question.ts'
import { getExamAttempt, type RunningAttemptView } from '../../app/services/exams/get-exam-attempt.server.ts'
import { gradeSubmittedAttempts } from '../../app/services/exams/grade-submitted-attempts.server.ts'
import { getGradingQueue } from '../../app/services/exams/grading-queue.server.ts'
import { saveExamAnswer } from '../../app/services/exams/save-exam-answer.server.ts'
import { startExamAttempt } from '../../app/services/exams/start-exam-attempt.server.ts'
import { submitExamAttempt } from '../../app/services/exams/submit-exam-attempt.server.ts'
import { REGRADE_LOST_AFTER_MS, sweepExpiredAttempts } from '../../app/services/exams/sweep-expired-attempts.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { answerFor, createExamSetup, T0 } from '../helpers/exam-fixtures.ts'
import { testDatabaseUrl } from '../helpers/db.ts'

// Issue 16 at reduced size: the start and submit bursts of bench/exam-submit.ts with 200
// candidates, on a production-sized pool, with the real grading queue (pg-boss) working.
// The figures are the bench's; this checks that they are correct under load.
const CANDIDATES = 200
const url = testDatabaseUrl()
const db = createPrisma(url, 20)
let grading: Awaited<ReturnType<typeof startExamGrading>>
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

beforeAll(async () => {
  grading = await startExamGrading(db, url, { work: true, pollingIntervalSeconds: 0.5 })
})
afterAll(async () => {
  await grading.stop()
  await db.$disconnect()
})

async function waitUntilGraded(examId: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const left = await db.examAttempt.count({ where: { examId, gradedAt: null } })
    if (left === 0 || Date.now() > until) return left
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('the opening and the last minute, at once', () => {
  test(`${CANDIDATES} starts at one instant, then ${CANDIDATES} submits (and double submits) at one instant: nobody refused, every answer kept, every attempt graded once by the queue`, async () => {
    const { exam, userIds } = await createExamSetup(db, { candidates: CANDIDATES })
    const starts = await Promise.allSettled(userIds.map((userId) => startExamAttempt(db, { examId: exam.id, userId, now: T0 })))
    expect(starts.filter((s) => s.status === 'rejected')).toEqual([])
    const attempts = starts.map((s, i) => ({ id: (s as PromiseFulfilledResult<{ id: string }>).value.id, userId: userIds[i]!, right: i % 2 === 0 }))
    expect(new Set(attempts.map((a) => a.id)).size).toBe(CANDIDATES)
    expect(await db.examAttemptQuestion.count({ where: { attempt: { examId: exam.id } } })).toBe(CANDIDATES * 5)
    expect(await db.auditLog.count({ where: { type: 'exam.attempt.started', data: { path: ['examId'], equals: exam.id } } })).toBe(CANDIDATES)

    // Every candidate answers every question (half of them rightly), each answer saved as given.
    // (Answering is set-up, not the burst: 20 candidates at a time, so saves do not wait out their transaction's maxWait.)
    const queue = [...attempts]
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let a = queue.shift(); a; a = queue.shift()) {
          const { view } = await getExamAttempt(db, { attemptId: a.id, userId: a.userId, now: minutes(5) })
          for (const q of (view as RunningAttemptView).questions)
            await saveExamAnswer(db, { attemptId: a.id, userId: a.userId, position: q.position, response: answerFor(q, a.right) as QuestionResponse, now: minutes(5) })
        }
      }),
    )

    // The last minute: everyone submits at once, one in ten twice, while the sweep runs.
    const submits = attempts.flatMap((a, i) => (i % 10 === 0 ? [a, a] : [a]))
    const [outcomes] = await Promise.all([Promise.all(submits.map((a) => submitExamAttempt(db, { attemptId: a.id, userId: a.userId, now: minutes(10) }))), sweepExpiredAttempts(db, minutes(10))])
    expect(outcomes.filter((o) => o.closedNow)).toHaveLength(CANDIDATES)
    expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set(['SUBMITTED']))
    expect(await db.examAttempt.count({ where: { examId: exam.id, status: 'IN_PROGRESS' } })).toBe(0)

    expect(await waitUntilGraded(exam.id)).toBe(0)
    const rows = await db.examAttempt.findMany({
      where: { examId: exam.id },
      select: {
        id: true,
        gradings: true,
        percentage: true,
        passed: true,
        questions: { orderBy: { position: 'asc' }, select: { response: true, mark: true, score: true, questionVersion: { select: { content: true } } } },
      },
    })
    const right = new Map(attempts.map((a) => [a.id, a.right]))
    for (const row of rows) {
      expect(row.gradings).toBe(1)
      // No answer lost: all five stored, and the stored score is a fresh grading of them.
      expect(row.questions.filter((q) => q.response !== null)).toHaveLength(5)
      const fresh = gradeAttempt(
        row.questions.map((q) => q.questionVersion.content as unknown as Question),
        row.questions.map((q) => q.response as QuestionResponse),
        row.questions.map((q) => q.mark),
      )
      expect(row.percentage).toBe(fresh.percentage)
      expect(row.questions.map((q) => q.score)).toEqual(fresh.questions.map((q) => q.score))
      expect({ percentage: row.percentage, passed: row.passed }).toEqual(right.get(row.id) ? { percentage: 100, passed: true } : { percentage: 0, passed: false })
    }
  }, 120_000)
})

describe('a grading the queue lost', () => {
  test('is recovered by the sweep, and asking again never grades twice', async () => {
    const { exam, userIds } = await createExamSetup(db, { candidates: 3 })
    const attempts = await Promise.all(userIds.map((userId) => startExamAttempt(db, { examId: exam.id, userId, now: T0 })))
    // A crash between closing and enqueueing: closed, but no job.
    await db.$executeRaw`UPDATE "ExamAttempt" SET "status" = 'SUBMITTED', "submittedAt" = now(), "active" = NULL, "updatedAt" = now() WHERE "examId" = ${exam.id}`
    await new Promise((r) => setTimeout(r, 1500))
    expect(await db.examAttempt.count({ where: { examId: exam.id, gradedAt: null } })).toBe(3)
    // Not yet: the sweep leaves recently closed attempts to their jobs.
    await sweepExpiredAttempts(db, new Date())
    await new Promise((r) => setTimeout(r, 1500))
    expect(await db.examAttempt.count({ where: { examId: exam.id, gradedAt: null } })).toBe(3)
    await sweepExpiredAttempts(db, new Date(Date.now() + REGRADE_LOST_AFTER_MS + 1000))
    expect(await waitUntilGraded(exam.id)).toBe(0)
    // Again, through the queue and directly: nothing is graded a second time.
    await getGradingQueue()!.enqueue(attempts.map((a) => a.id))
    expect(await gradeSubmittedAttempts(db, [...attempts.map((a) => a.id), attempts[0]!.id])).toBe(0)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await db.examAttempt.findMany({ where: { examId: exam.id }, select: { gradings: true, percentage: true } })).toEqual(Array.from({ length: 3 }, () => ({ gradings: 1, percentage: 0 })))
  }, 60_000)
})
