import { examOutcome } from '~/domain/exam.ts'
import { analyseItems, type ItemStatistics } from '~/domain/item-analysis.ts'
import type { Question } from '~/domain/question.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * An exam's results for staff: every attempt with its candidate, score and integrity
 * signals, which attempt counts for each candidate under the exam's grading method, and
 * the item statistics (app/domain/item-analysis.ts) over finished attempts, per question
 * (all versions of a question together).
 */
export async function getExamResults(db: Db, input: { eventId: string; examId: string }) {
  const exam = await db.exam.findFirst({
    where: { id: input.examId, eventId: input.eventId },
    include: {
      event: { select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } },
      forum: { select: { titleZh: true, titleEn: true } },
      session: { select: { titleZh: true, titleEn: true } },
    },
  })
  if (!exam) throw new AppError('not_found', 'No such exam')
  const attempts = await db.examAttempt.findMany({
    where: { examId: exam.id },
    orderBy: [{ registrationId: 'asc' }, { number: 'asc' }],
    select: {
      id: true,
      registrationId: true,
      number: true,
      status: true,
      startedAt: true,
      deadline: true,
      submittedAt: true,
      points: true,
      maxPoints: true,
      percentage: true,
      passed: true,
      tabSwitches: true,
      focusLosses: true,
      ipAddresses: true,
      userAgents: true,
      registration: { select: { user: { select: { realName: true, email: true, institution: true, title: true, licenseId: true } } } },
      questions: { orderBy: { position: 'asc' }, select: { position: true, mark: true, score: true, points: true, response: true, questionVersion: { select: { questionId: true, version: true } } } },
    },
  })

  // The attempt that counts, per candidate.
  const counted = new Set<string>()
  const byRegistration = new Map<string, typeof attempts>()
  for (const a of attempts) byRegistration.set(a.registrationId, [...(byRegistration.get(a.registrationId) ?? []), a])
  let candidatesPassed = 0
  for (const list of byRegistration.values()) {
    const finished = list.filter((a) => a.status !== 'IN_PROGRESS' && a.percentage !== null).map((a) => ({ ...a, percentage: a.percentage! }))
    const outcome = examOutcome(finished, exam.gradingMethod, exam.passPercent)
    if (outcome.counted) counted.add(outcome.counted.id)
    if (outcome.passed) candidatesPassed++
  }

  const finished = attempts.filter((a) => a.status !== 'IN_PROGRESS')
  const statistics = analyseItems(finished.map((a) => ({ items: a.questions.map((q) => ({ key: q.questionVersion.questionId, score: q.score ?? 0, mark: q.mark })) })))
  const questionIds = statistics.map((s) => s.key)
  const questionRows = await db.question.findMany({
    where: { id: { in: questionIds } },
    select: { id: true, title: true, type: true, latestVersion: true, tags: true, retiredAt: true, versions: { orderBy: { version: 'asc' }, select: { version: true, content: true } } },
  })
  const questionsById = new Map(questionRows.map((q) => [q.id, q]))
  const questions = statistics.map((s: ItemStatistics, i) => {
    const q = questionsById.get(s.key)!
    return {
      number: i + 1,
      id: q.id,
      title: q.title,
      type: q.type,
      tags: q.tags,
      latestVersion: q.latestVersion,
      retired: q.retiredAt !== null,
      versions: q.versions.map((v) => ({ version: v.version, content: v.content as unknown as Question })),
      statistics: s,
    }
  })

  return {
    exam,
    attempts: attempts.map((a) => ({ ...a, counted: counted.has(a.id) })),
    questions,
    summary: {
      candidates: byRegistration.size,
      finishedAttempts: finished.length,
      inProgress: attempts.length - finished.length,
      candidatesPassed,
    },
  }
}
export type ExamResults = Awaited<ReturnType<typeof getExamResults>>
