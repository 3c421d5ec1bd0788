import { priceFor } from '~/domain/registration.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** Waiting evidence shown at once; the queue is worked from the oldest. */
const QUEUE_PAGE = 500

/**
 * The staff eligibility page of an event: the member list's size and the queue of member and
 * student evidence waiting for a decision (oldest first), each with what staff need to
 * decide: the number and the name the list holds for it, whether a card was uploaded, the
 * reduced and the full price.
 */
export async function getEligibilityDesk(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, titleZh: true, titleEn: true, currency: true, timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const [memberCount, waiting, waitingCount] = await Promise.all([
    db.eventMember.count({ where: { eventId } }),
    db.registration.findMany({
      where: { eventId, tierEvidence: 'PENDING', status: { in: ['PENDING_APPROVAL', 'WAITLISTED'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: QUEUE_PAGE,
      select: {
        id: true,
        status: true,
        tier: true,
        amount: true,
        memberNumber: true,
        tierReviewReason: true,
        createdAt: true,
        user: { select: { realName: true, email: true, institution: true } },
        ticketType: true,
        studentCard: { select: { contentType: true, size: true } },
      },
    }),
    db.registration.count({ where: { eventId, tierEvidence: 'PENDING', status: { in: ['PENDING_APPROVAL', 'WAITLISTED'] } } }),
  ])
  const numbers = waiting.map((r) => r.memberNumber).filter((n): n is string => n !== null)
  const listed = new Map((await db.eventMember.findMany({ where: { eventId, number: { in: numbers } }, select: { number: true, name: true } })).map((m) => [m.number, m.name]))
  const queue = waiting.map(({ ticketType, ...r }) => ({
    ...r,
    ticketName: { zh: ticketType.nameZh, en: ticketType.nameEn },
    listedName: r.memberNumber ? (listed.get(r.memberNumber) ?? null) : null,
    fullAmount: priceFor(ticketType, 'NON_MEMBER', r.createdAt).amount,
  }))
  return { event, memberCount, queue, waitingCount }
}
