import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadSurvey, surveyIsOpen } from './submit-survey-response.server.ts'

type Option = { zh: string; en: string }

/**
 * A survey's page for one attendee: its questions while it is open, and whether they have
 * already answered it (their registration's completion; the answers themselves are anonymous).
 * Someone who answered still finds the page once the survey has closed (an archived event's
 * assessments link to it); anyone else is told it is closed.
 */
export async function getOpenSurvey(db: Db, input: { slug: string; surveyId: string; userId: string; now?: Date }) {
  const survey = await loadSurvey(db, input.surveyId)
  if (survey.event.slug !== input.slug) throw new AppError('not_found', 'No such survey')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: survey.eventId, userId: input.userId } }, select: { id: true } })
  const completed = registration ? (await db.surveyCompletion.count({ where: { surveyId: input.surveyId, registrationId: registration.id } })) > 0 : false
  if (!completed && !surveyIsOpen(survey, input.now ?? new Date())) throw new AppError('survey_closed', 'The survey is not open')
  const { questions, event, forum } = survey
  return {
    survey: { id: survey.id, titleZh: survey.titleZh, titleEn: survey.titleEn },
    event,
    forum,
    completed,
    questions: questions.map((q) => ({ id: q.id, type: q.type, textZh: q.textZh, textEn: q.textEn, required: q.required, options: q.options as Option[] })),
  }
}
