import { registrationStanding, standingReason } from '~/domain/registration-standing.ts'
import { validateSurveyAnswers, type SurveyQuestionDef } from '~/domain/survey.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueCreditEvaluation } from '~/services/credits/queue-credit-evaluation.server.ts'

/**
 * Records one attendee's answers to a survey, once. In one transaction: the completion
 * (survey + registration, whose primary key makes a second submission fail) and the
 * response, which carries no user, no registration, a random id and only the day. See
 * docs/decisions/013-anonymous-surveys.md for why the two cannot be joined afterwards.
 */
export async function submitSurveyResponse(db: Db, input: { surveyId: string; userId: string; answers: Record<string, unknown>; now?: Date }) {
  const now = input.now ?? new Date()
  const survey = await loadOpenSurvey(db, input.surveyId, now)
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: survey.eventId, userId: input.userId } }, select: { id: true, status: true } })
  const standing = registrationStanding(registration?.status)
  // A cancelled or rejected registration is no registration: "register", not "wait for confirmation".
  if (standing !== 'confirmed' || !registration)
    throw new AppError('not_eligible', 'Only confirmed registrants answer the survey', { reason: { code: standing === 'confirmed' ? 'not_registered' : standingReason(standing) } })
  const checked = validateSurveyAnswers(surveyDefs(survey.questions), input.answers)
  if (!checked.ok) throw new AppError('validation_failed', 'Some answers are not valid', { fields: Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k, `exam.survey.errors.${v}`])) })
  try {
    await db.$transaction([
      db.surveyCompletion.create({ data: { surveyId: survey.id, registrationId: registration.id, createdAt: now } }),
      db.surveyResponse.create({ data: { surveyId: survey.id, answers: checked.answers, submittedOn: startOfUtcDay(now) } }),
    ])
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('survey_already_completed', 'Already answered')
    throw error
  }
  logger.info({ surveyId: survey.id, registrationId: registration.id }, 'survey completed')
  queueCreditEvaluation(db, { registrationId: registration.id })
}

/** A published survey of a published or archived event, open or not. */
export async function loadSurvey(db: Db, surveyId: string) {
  const survey = await db.survey.findFirst({
    where: { id: surveyId, published: true, event: { status: { in: ['PUBLISHED', 'ARCHIVED'] } } },
    include: {
      questions: { orderBy: { position: 'asc' } },
      event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, status: true } },
      forum: { select: { titleZh: true, titleEn: true } },
    },
  })
  if (!survey) throw new AppError('not_found', 'No such survey')
  return survey
}

/** Open for answers: within its dates, and never on an archived event. */
export function surveyIsOpen(survey: { opensAt: Date | null; closesAt: Date | null; event: { status: string } }, now: Date): boolean {
  return survey.event.status !== 'ARCHIVED' && !(survey.opensAt && now < survey.opensAt) && !(survey.closesAt && now >= survey.closesAt)
}

export async function loadOpenSurvey(db: Db, surveyId: string, now: Date) {
  const survey = await loadSurvey(db, surveyId)
  // An archived event's survey is there, and closed: its link says so rather than "not found" (issue 15).
  if (!surveyIsOpen(survey, now)) throw new AppError('survey_closed', 'The survey is not open')
  return survey
}

export function surveyDefs(questions: { id: string; type: SurveyQuestionDef['type']; required: boolean; options: unknown }[]): SurveyQuestionDef[] {
  return questions.map((q) => ({ id: q.id, type: q.type, required: q.required, optionCount: Array.isArray(q.options) ? q.options.length : 0 }))
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}
