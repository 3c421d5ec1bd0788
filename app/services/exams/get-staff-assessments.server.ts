import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** An event's exams and surveys for staff, with counts, and its forums and sessions for the scope pickers. */
export async function getStaffAssessments(db: Db, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      forums: {
        orderBy: [{ position: 'asc' }, { startsAt: 'asc' }],
        select: { id: true, titleZh: true, titleEn: true, sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, titleZh: true, titleEn: true, kind: true } } },
      },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const [exams, surveys, questions, retired] = await Promise.all([
    db.exam.findMany({
      where: { eventId },
      orderBy: [{ opensAt: 'asc' }, { id: 'asc' }],
      select: { id: true, titleZh: true, titleEn: true, opensAt: true, closesAt: true, published: true, selection: true, _count: { select: { attempts: true } } },
    }),
    db.survey.findMany({
      where: { eventId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, titleZh: true, titleEn: true, published: true, requiredForCertificate: true, _count: { select: { completions: true, questions: true } } },
    }),
    db.question.count({ where: { eventId } }),
    db.question.count({ where: { eventId, retiredAt: { not: null } } }),
  ])
  return { event, exams, surveys, bank: { questions, retired } }
}
