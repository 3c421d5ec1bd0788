import { answersVisible, candidateQuestion, remainingMs, reviewQuestion, toShownResponse, type CandidateQuestion, type ReviewQuestion } from '~/domain/exam.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import type { Question } from '~/domain/question.ts'
import { AppError } from '~/utils/app-error.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { noteDevice } from './record-integrity-signal.server.ts'
import { autoSubmitIfExpired } from './submit-exam-attempt.server.ts'

const examSelect = {
  id: true,
  titleZh: true,
  titleEn: true,
  instructionsZh: true,
  instructionsEn: true,
  closesAt: true,
  passPercent: true,
  showAnswers: true,
  timeLimitMinutes: true,
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true } },
} as const

/** While it runs: the paper without its key, the saved answers and the time left on the server's clock. */
export type RunningAttemptView = {
  state: 'running'
  attempt: { id: string; number: number; deadline: Date; remainingMs: number }
  questions: (CandidateQuestion & { response: QuestionResponse | null })[]
}
/**
 * Once finished: the score, and each question with the key only when the exam's setting
 * allows it now. Until the grading queue has graded it, `graded` is false and there is no
 * score yet (the page says "grading" and polls).
 */
export type FinishedAttemptView = {
  state: 'finished'
  attempt: { id: string; number: number; status: string; submittedAt: Date | null; graded: boolean; points: number | null; maxPoints: number | null; percentage: number | null; passed: boolean | null }
  answersShown: boolean
  questions: ReviewQuestion[]
}

/**
 * The candidate's view of one of their attempts. Reading an attempt whose time is up
 * auto-submits it first (the lazy half of auto-submission; the sweep is the other), so a
 * reload after the deadline shows the result, never a paper with time left. Opening it
 * from a new device adds that device to the attempt's integrity record.
 */
export async function getExamAttempt(db: Db, input: { attemptId: string; userId: string; now?: Date }, ctx: AuditContext = {}) {
  const now = input.now ?? new Date()
  const head = await db.examAttempt.findFirst({ where: { id: input.attemptId, registration: { userId: input.userId } }, select: { id: true, status: true, deadline: true } })
  if (!head) throw new AppError('not_found', 'No such attempt')
  await autoSubmitIfExpired(db, head, now)

  const attempt = await db.examAttempt.findUniqueOrThrow({
    where: { id: input.attemptId },
    select: {
      id: true,
      number: true,
      status: true,
      deadline: true,
      submittedAt: true,
      points: true,
      maxPoints: true,
      percentage: true,
      passed: true,
      gradedAt: true,
      exam: { select: examSelect },
      questions: {
        orderBy: { position: 'asc' },
        select: { position: true, optionOrder: true, response: true, score: true, keyVersion: true, questionVersion: { select: { content: true, questionId: true } } },
      },
    },
  })
  const exam = attempt.exam
  if (attempt.status === 'IN_PROGRESS') {
    await noteDevice(db, attempt.id, ctx)
    const view: RunningAttemptView = {
      state: 'running',
      attempt: { id: attempt.id, number: attempt.number, deadline: attempt.deadline, remainingMs: remainingMs(attempt.deadline, now) },
      questions: attempt.questions.map((q) => ({
        ...candidateQuestion(q.position, q.questionVersion.content as unknown as Question, q.optionOrder),
        response: q.response ? toShownResponse(q.optionOrder, q.response as unknown as QuestionResponse) : null,
      })),
    }
    return { exam, view }
  }

  const answersShown = attempt.gradedAt !== null && answersVisible(exam.showAnswers, exam, now)
  // After a regrade the key that graded an answer may be a later version: show that one.
  const corrected = answersShown ? await correctedKeys(db, attempt.questions) : new Map<string, Question>()
  const view: FinishedAttemptView = {
    state: 'finished',
    attempt: {
      id: attempt.id,
      number: attempt.number,
      status: attempt.status,
      submittedAt: attempt.submittedAt,
      graded: attempt.gradedAt !== null,
      points: attempt.points,
      maxPoints: attempt.maxPoints,
      percentage: attempt.percentage,
      passed: attempt.passed,
    },
    answersShown,
    questions: attempt.questions.map((q) => {
      const asked = q.questionVersion.content as unknown as Question
      const key = corrected.get(`${q.questionVersion.questionId}:${q.keyVersion}`) ?? asked
      const score = q.score ?? 0
      // The text as asked, the key as graded.
      const review = reviewQuestion(
        q.position,
        { ...key, text: asked.text, textFormat: asked.textFormat } as Question,
        q.optionOrder,
        (q.response ?? null) as QuestionResponse | null,
        { score, correct: score === 1 },
        answersShown,
      )
      return review
    }),
  }
  return { exam, view }
}

async function correctedKeys(db: Db, questions: { keyVersion: number | null; questionVersion: { questionId: string } }[]): Promise<Map<string, Question>> {
  const wanted = questions.filter((q) => q.keyVersion !== null).map((q) => ({ questionId: q.questionVersion.questionId, version: q.keyVersion! }))
  if (wanted.length === 0) return new Map()
  const rows = await db.questionVersion.findMany({ where: { OR: wanted }, select: { questionId: true, version: true, content: true } })
  return new Map(rows.map((r) => [`${r.questionId}:${r.version}`, r.content as unknown as Question]))
}
