import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { listQuestionBank } from './list-question-bank.server.ts'

/**
 * A page of the bank shows this many questions. Each comes with its preview and its GIFT for
 * editing, so a bank of thousands (an import may add 2,000) on one page would take seconds to
 * render on the event loop and weigh megabytes.
 */
export const BANK_PAGE_SIZE = 50

/** The staff question bank page: the event's titles, the bank's counts and one page of it; an unknown event is a 404. */
export async function getStaffQuestionBank(db: Db, eventId: string, options: { page?: number } = {}) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, titleZh: true, titleEn: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const [total, retired] = await Promise.all([db.question.count({ where: { eventId } }), db.question.count({ where: { eventId, retiredAt: { not: null } } })])
  const pages = Math.max(1, Math.ceil(total / BANK_PAGE_SIZE))
  const page = Math.min(Math.max(1, options.page ?? 1), pages)
  const questions = await listQuestionBank(db, eventId, { skip: (page - 1) * BANK_PAGE_SIZE, take: BANK_PAGE_SIZE })
  return { event, questions, total, retired, page, pages }
}
