import { registrationStanding } from '~/domain/registration-standing.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** An event's published exams and surveys, with where this attendee stands on each. */
export async function listEventAssessments(db: Db, input: { slug: string; userId: string }) {
  const event = await db.event.findFirst({ where: { slug: input.slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } }, select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: input.userId } }, select: { id: true, status: true } })
  const exams = await db.exam.findMany({
    where: { eventId: event.id, published: true },
    orderBy: [{ opensAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      opensAt: true,
      closesAt: true,
      timeLimitMinutes: true,
      forum: { select: { titleZh: true, titleEn: true } },
      attempts: { where: { registrationId: registration?.id ?? '' }, select: { status: true, passed: true } },
    },
  })
  const surveys = await db.survey.findMany({
    where: { eventId: event.id, published: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      closesAt: true,
      requiredForCertificate: true,
      forum: { select: { titleZh: true, titleEn: true } },
      completions: { where: { registrationId: registration?.id ?? '' }, select: { createdAt: true } },
    },
  })
  return {
    event,
    registered: registration?.status === 'CONFIRMED',
    /** Confirmed, waiting (payment, approval, wait list), or none (never registered, cancelled or rejected): each has its own message. */
    standing: registrationStanding(registration?.status),
    exams: exams.map(({ attempts, ...e }) => ({ ...e, attempts: attempts.length, inProgress: attempts.some((a) => a.status === 'IN_PROGRESS'), passed: attempts.some((a) => a.passed) })),
    surveys: surveys.map(({ completions, ...s }) => ({ ...s, completed: completions.length > 0 })),
  }
}

/**
 * The surveys a registration must complete before its certificate, and whether it has:
 * what the credits work reads (`requiredForCertificate`). A forum's survey counts for
 * every registrant of the event; the credits rule decides which forums matter.
 */
export async function requiredSurveysFor(db: Db, registrationId: string) {
  const registration = await db.registration.findUnique({ where: { id: registrationId }, select: { eventId: true } })
  if (!registration) throw new AppError('not_found', 'No such registration')
  const surveys = await db.survey.findMany({
    where: { eventId: registration.eventId, published: true, requiredForCertificate: true },
    select: { id: true, forumId: true, completions: { where: { registrationId }, select: { createdAt: true } } },
  })
  return surveys.map((s) => ({ surveyId: s.id, forumId: s.forumId, completed: s.completions.length > 0 }))
}
