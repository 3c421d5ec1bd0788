import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getStaffAssessments } from './get-staff-assessments.server.ts'
import { listQuestionBank } from './list-question-bank.server.ts'

/**
 * The staff exam settings page: the event (for its scope pickers and time zone), the exam
 * with its fixed questions in order (none for a new exam, `examId` absent) and the bank to pick from.
 */
export async function getExamSettings(db: Db, input: { eventId: string; examId?: string }) {
  const { event } = await getStaffAssessments(db, input.eventId)
  const fixedQuestions = { orderBy: { position: 'asc' }, select: { questionId: true } } as const
  const exam = input.examId ? await db.exam.findFirst({ where: { id: input.examId, eventId: input.eventId }, include: { questions: fixedQuestions } }) : null
  if (input.examId && !exam) throw new AppError('not_found', 'No such exam')
  const bank = (await listQuestionBank(db, input.eventId)).map((q) => ({ id: q.id, title: q.title, type: q.type, tags: q.tags, retired: q.retiredAt !== null }))
  return { event, exam, bank }
}
