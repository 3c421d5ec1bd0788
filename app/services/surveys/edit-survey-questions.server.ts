import type { SurveyQuestionForm } from '~/schemas/survey.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Adds a question at the end of a survey, or removes one. Once anyone has answered,
 * questions can be added but not removed: removing one would silently change what the
 * earlier answers mean in the report.
 */
export async function addSurveyQuestion(db: Db, input: { eventId: string; surveyId: string; form: SurveyQuestionForm }) {
  const survey = await db.survey.findFirst({ where: { id: input.surveyId, eventId: input.eventId }, select: { id: true, _count: { select: { questions: true } } } })
  if (!survey) throw new AppError('not_found', 'No such survey')
  const choice = input.form.type === 'SINGLE_CHOICE' || input.form.type === 'MULTIPLE_CHOICE'
  return db.surveyQuestion.create({
    data: {
      surveyId: survey.id,
      position: survey._count.questions,
      type: input.form.type,
      textZh: input.form.textZh,
      textEn: input.form.textEn,
      options: choice ? input.form.options : [],
      required: input.form.required,
    },
  })
}

export async function removeSurveyQuestion(db: Db, input: { eventId: string; surveyId: string; questionId: string }) {
  const survey = await db.survey.findFirst({ where: { id: input.surveyId, eventId: input.eventId }, select: { id: true, _count: { select: { responses: true } } } })
  if (!survey) throw new AppError('not_found', 'No such survey')
  if (survey._count.responses > 0) throw new AppError('survey_has_responses', 'The survey has answers; questions cannot be removed')
  const { count } = await db.surveyQuestion.deleteMany({ where: { id: input.questionId, surveyId: survey.id } })
  if (count === 0) throw new AppError('not_found', 'No such question')
}
