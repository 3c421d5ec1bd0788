import { randomBytes } from 'node:crypto'
import type { Pool } from '~/domain/draw.ts'
import { attemptDeadline, buildPaper, startRefusal, type BankQuestion } from '~/domain/exam.ts'
import type { Question } from '~/domain/question.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { checkEligibility, examEligibilityRules, type EligibilityRule } from './exam-eligibility.server.ts'
import { autoSubmitIfExpired } from './submit-exam-attempt.server.ts'

export type StartAttemptInput = { examId: string; userId: string; now?: Date; rules?: EligibilityRule[] }

/**
 * Starts an attempt: checks eligibility, the window and the attempts left, draws the
 * paper from the seed and fixes the deadline on the server, in one transaction.
 *
 * Only one attempt per person and exam can be in progress: a second start, even one
 * racing the first from another device, hits the unique key on (examId, registrationId,
 * active) and is refused with `attempt_in_progress`, naming the attempt to resume.
 */
export async function startExamAttempt(db: Db, input: StartAttemptInput, ctx: AuditContext = {}) {
  const now = input.now ?? new Date()
  const exam = await db.exam.findFirst({
    where: { id: input.examId, published: true, event: { status: 'PUBLISHED' } },
    include: { questions: { orderBy: { position: 'asc' }, select: { questionId: true } } },
  })
  if (!exam) throw new AppError('not_found', 'No such exam')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: exam.eventId, userId: input.userId } }, select: { id: true, status: true } })

  const rules = input.rules ?? examEligibilityRules(exam)
  const verdict = await checkEligibility(rules, { db, exam: { examId: exam.id, eventId: exam.eventId, forumId: exam.forumId, sessionId: exam.sessionId }, registration, now })
  if (!verdict.eligible) throw new AppError('not_eligible', 'Not eligible for this exam', { reason: verdict.reason })
  const registrationId = registration!.id

  const open = await db.examAttempt.findFirst({ where: { examId: exam.id, registrationId, status: 'IN_PROGRESS' }, select: { id: true, status: true, deadline: true } })
  if (open && !(await autoSubmitIfExpired(db, open, now))) throw new AppError('attempt_in_progress', 'An attempt is already in progress', { attemptId: open.id })

  const attemptsUsed = await db.examAttempt.count({ where: { examId: exam.id, registrationId } })
  const refusal = startRefusal({ ...exam, attemptsUsed, now })
  if (refusal) throw new AppError(refusal, 'This exam cannot be started now')

  const bank = await loadBank(db, exam.eventId, exam.selection === 'FIXED' ? exam.questions.map((q) => q.questionId) : null)
  const seed = randomBytes(16).toString('hex')
  const paper = buildPaper(exam.selection === 'FIXED' ? { selection: 'FIXED', questionIds: exam.questions.map((q) => q.questionId) } : { selection: 'RANDOM', pools: exam.pools as Pool[] }, bank, {
    seed,
    shuffleQuestions: exam.shuffleQuestions,
    shuffleOptions: exam.shuffleOptions,
  })
  if (!paper.ok) {
    logger.error({ examId: exam.id, error: paper.error }, 'exam paper cannot be drawn')
    throw new AppError(paper.error.code === 'no_questions' ? 'no_questions' : 'pool_too_small', 'The exam has too few questions', { ...paper.error })
  }

  const deadline = attemptDeadline(now, exam.timeLimitMinutes, exam.closesAt)
  try {
    const attempt = await db.$transaction(async (tx) => {
      const row = await tx.examAttempt.create({
        data: {
          examId: exam.id,
          registrationId,
          number: attemptsUsed + 1,
          seed,
          startedAt: now,
          deadline,
          ipAddresses: ctx.ipAddress ? [ctx.ipAddress] : [],
          userAgents: ctx.userAgent ? [ctx.userAgent] : [],
        },
        select: { id: true, number: true, deadline: true },
      })
      await tx.examAttemptQuestion.createMany({
        data: paper.questions.map((q, position) => ({ attemptId: row.id, position, questionVersionId: q.versionId, optionOrder: q.optionOrder })),
      })
      await writeAudit(tx, 'exam.attempt.started', { examId: exam.id, attemptId: row.id, registrationId, number: row.number }, { ...ctx, userId: input.userId })
      return row
    })
    logger.info({ examId: exam.id, attemptId: attempt.id, registrationId }, 'exam attempt started')
    return attempt
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      // Another start won the race: either the one-in-progress key or the attempt number.
      const winner = await db.examAttempt.findFirst({ where: { examId: exam.id, registrationId, status: 'IN_PROGRESS' }, select: { id: true } })
      throw new AppError('attempt_in_progress', 'An attempt is already in progress', winner ? { attemptId: winner.id } : undefined)
    }
    throw error
  }
}

/** The bank's usable questions at their latest versions: all of the event's (RANDOM) or the listed ones (FIXED), never retired ones. */
export async function loadBank(db: Pick<Db, 'question'>, eventId: string, questionIds: string[] | null): Promise<BankQuestion[]> {
  const rows = await db.question.findMany({
    where: { eventId, retiredAt: null, ...(questionIds ? { id: { in: questionIds } } : {}) },
    select: { id: true, tags: true, latestVersion: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { id: true, content: true } } },
  })
  return rows.flatMap((r) => (r.versions[0] ? [{ id: r.id, versionId: r.versions[0].id, tags: r.tags, question: r.versions[0].content as unknown as Question }] : []))
}
