import type { SurveyForm } from '~/schemas/survey.ts'
import { zonedTimeToUtc } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Creates or updates an evaluation survey's settings (times in the event's zone; both optional). */
export async function saveSurvey(db: Db, input: { eventId: string; surveyId?: string; form: SurveyForm }, ctx: AuditContext = {}) {
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const { form } = input
  const at = (local: string, field: string) => {
    if (local === '') return null
    const instant = zonedTimeToUtc(local, event.timeZone)
    if (!instant) throw new AppError('validation_failed', 'Invalid date', { fields: { [field]: 'validation.dateTime' } })
    return instant
  }
  const opensAt = at(form.opensAt, 'opensAt')
  const closesAt = at(form.closesAt, 'closesAt')
  if (opensAt && closesAt && closesAt <= opensAt) throw new AppError('validation_failed', 'Closes before it opens', { fields: { closesAt: 'validation.endBeforeStart' } })
  if (form.forumId && !(await db.forum.findFirst({ where: { id: form.forumId, eventId: input.eventId }, select: { id: true } }))) {
    throw new AppError('validation_failed', 'No such forum', { fields: { forumId: 'validation.choice' } })
  }
  const data = { titleZh: form.titleZh, titleEn: form.titleEn, forumId: form.forumId || null, opensAt, closesAt, requiredForCertificate: form.requiredForCertificate, published: form.published }
  return db.$transaction(async (tx) => {
    if (input.surveyId && !(await tx.survey.findFirst({ where: { id: input.surveyId, eventId: input.eventId }, select: { id: true } }))) throw new AppError('not_found', 'No such survey')
    const survey = input.surveyId ? await tx.survey.update({ where: { id: input.surveyId }, data }) : await tx.survey.create({ data: { ...data, eventId: input.eventId } })
    await writeAudit(tx, input.surveyId ? 'survey.updated' : 'survey.created', { surveyId: survey.id, eventId: input.eventId }, ctx)
    return survey
  })
}
