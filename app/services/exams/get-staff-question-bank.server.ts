import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { listQuestionBank } from './list-question-bank.server.ts'

/** The staff question bank page: the event's titles and its bank; an unknown event is a 404. */
export async function getStaffQuestionBank(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, titleZh: true, titleEn: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  return { event, questions: await listQuestionBank(db, eventId) }
}
