import { examOutcome, examWindowState, remainingMs, type Eligibility } from '~/domain/exam.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { checkEligibility, examEligibilityRules, type EligibilityRule } from './exam-eligibility.server.ts'
import { autoSubmitIfExpired } from './submit-exam-attempt.server.ts'

/**
 * An exam's page for one attendee: the settings they need to know, whether they may start
 * and why not, the attempt to resume, their finished attempts and the one that counts.
 */
export async function getCandidateExam(db: Db, input: { slug: string; examId: string; userId: string; now?: Date; rules?: EligibilityRule[] }) {
  const now = input.now ?? new Date()
  const exam = await db.exam.findFirst({
    // An archived event's exam stays readable (its results, the attempts), closed: every link of an archived event works (issue 15).
    where: { id: input.examId, published: true, event: { slug: input.slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } } },
    select: {
      id: true,
      eventId: true,
      forumId: true,
      sessionId: true,
      titleZh: true,
      titleEn: true,
      instructionsZh: true,
      instructionsEn: true,
      opensAt: true,
      closesAt: true,
      timeLimitMinutes: true,
      attemptsAllowed: true,
      gradingMethod: true,
      passPercent: true,
      showAnswers: true,
      minAttendedMinutes: true,
      event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, status: true } },
      forum: { select: { titleZh: true, titleEn: true } },
      session: { select: { titleZh: true, titleEn: true } },
    },
  })
  if (!exam) throw new AppError('not_found', 'No such exam')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: exam.eventId, userId: input.userId } }, select: { id: true, status: true } })
  const eligibility: Eligibility = await checkEligibility(input.rules ?? examEligibilityRules(exam), {
    db,
    exam: { examId: exam.id, eventId: exam.eventId, forumId: exam.forumId, sessionId: exam.sessionId },
    registration,
    now,
  })

  let attempts = registration ? await listAttempts(db, exam.id, registration.id) : []
  const open = attempts.find((a) => a.status === 'IN_PROGRESS')
  if (open && (await autoSubmitIfExpired(db, open, now))) attempts = await listAttempts(db, exam.id, registration!.id)
  const inProgress = attempts.find((a) => a.status === 'IN_PROGRESS') ?? null
  const finished = attempts.filter((a) => a.status !== 'IN_PROGRESS' && a.percentage !== null).map((a) => ({ ...a, percentage: a.percentage! }))
  const outcome = examOutcome(finished, exam.gradingMethod, exam.passPercent)
  const window = exam.event.status === 'ARCHIVED' ? 'closed' : examWindowState(exam, now)
  return {
    exam,
    window,
    eligibility,
    attempts,
    inProgress: inProgress ? { id: inProgress.id, remainingMs: remainingMs(inProgress.deadline, now) } : null,
    attemptsLeft: Math.max(0, exam.attemptsAllowed - attempts.length),
    outcome: { countedAttemptId: outcome.counted?.id ?? null, percentage: outcome.counted?.percentage ?? null, passed: outcome.passed },
  }
}

function listAttempts(db: Db, examId: string, registrationId: string) {
  return db.examAttempt.findMany({
    where: { examId, registrationId },
    orderBy: { number: 'asc' },
    select: { id: true, number: true, status: true, startedAt: true, deadline: true, submittedAt: true, percentage: true, passed: true },
  })
}
