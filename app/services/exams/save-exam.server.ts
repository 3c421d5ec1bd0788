import type { ExamForm } from '~/schemas/exam.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { rangeIn } from '~/services/events/save-event.server.ts'

/**
 * Creates or updates an exam's settings. Times are read in the event's time zone. The
 * scope must belong to the event (a session, within the forum when both are given); fixed
 * questions must be the event's own and not retired; every random pool must have enough
 * usable questions, so that no candidate meets a paper that cannot be drawn.
 */
export async function saveExam(db: Db, input: { eventId: string; examId?: string; form: ExamForm }, ctx: AuditContext = {}) {
  const { form } = input
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const range = rangeIn(form.opensAt, form.closesAt, event.timeZone)

  let forumId = form.forumId || null
  const sessionId = form.sessionId || null
  if (sessionId) {
    const session = await db.session.findFirst({ where: { id: sessionId, forum: { eventId: input.eventId } }, select: { forumId: true } })
    if (!session || (forumId && session.forumId !== forumId)) throw new AppError('validation_failed', 'No such session', { fields: { sessionId: 'validation.choice' } })
    forumId = session.forumId
  } else if (forumId && !(await db.forum.findFirst({ where: { id: forumId, eventId: input.eventId }, select: { id: true } }))) {
    throw new AppError('validation_failed', 'No such forum', { fields: { forumId: 'validation.choice' } })
  }

  if (form.selection === 'FIXED') {
    const found = await db.question.count({ where: { id: { in: form.questionIds }, eventId: input.eventId, retiredAt: null } })
    if (found !== new Set(form.questionIds).size) throw new AppError('validation_failed', 'Unknown or retired question', { fields: { questionIds: 'validation.choice' } })
  } else {
    const bank = await db.question.findMany({ where: { eventId: input.eventId, retiredAt: null }, select: { id: true, tags: true } })
    // Pools draw in order without repeats, so each pool sees what earlier ones left.
    const taken = new Set<string>()
    for (const pool of form.pools) {
      const available = bank.filter((q) => q.tags.includes(pool.tag) && !taken.has(q.id))
      if (available.length < pool.count)
        throw new AppError('pool_too_small', 'A pool is larger than its questions', {
          tag: pool.tag,
          needed: pool.count,
          available: available.length,
          fields: { pools: 'exam.validation.poolTooSmall' },
        })
      available.slice(0, pool.count).forEach((q) => taken.add(q.id))
    }
  }

  const data = {
    titleZh: form.titleZh,
    titleEn: form.titleEn,
    instructionsZh: form.instructionsZh,
    instructionsEn: form.instructionsEn,
    forumId,
    sessionId,
    opensAt: range.startsAt,
    closesAt: range.endsAt,
    timeLimitMinutes: form.timeLimitMinutes,
    attemptsAllowed: form.attemptsAllowed,
    gradingMethod: form.gradingMethod,
    passPercent: form.passPercent,
    selection: form.selection,
    pools: form.selection === 'RANDOM' ? form.pools : [],
    shuffleQuestions: form.shuffleQuestions,
    shuffleOptions: form.shuffleOptions,
    showAnswers: form.showAnswers,
    minAttendedMinutes: form.minAttendedMinutes,
    published: form.published,
  }
  return db.$transaction(async (tx) => {
    if (input.examId && !(await tx.exam.findFirst({ where: { id: input.examId, eventId: input.eventId }, select: { id: true } }))) throw new AppError('not_found', 'No such exam')
    const exam = input.examId ? await tx.exam.update({ where: { id: input.examId }, data }) : await tx.exam.create({ data: { ...data, eventId: input.eventId } })
    await tx.examQuestion.deleteMany({ where: { examId: exam.id } })
    if (form.selection === 'FIXED') await tx.examQuestion.createMany({ data: [...new Set(form.questionIds)].map((questionId, position) => ({ examId: exam.id, questionId, position })) })
    await writeAudit(tx, input.examId ? 'exam.updated' : 'exam.created', { examId: exam.id, eventId: input.eventId }, ctx)
    return exam
  })
}
