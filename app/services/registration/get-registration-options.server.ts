import { eventLifecycle, registrationOpen } from '~/domain/event-lifecycle.ts'
import { isFree, priceFor, registrationQuestionsSchema, salesState, type Tier } from '~/domain/registration.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

const TIERS: Tier[] = ['NON_MEMBER', 'MEMBER', 'STUDENT']

/** What the registration form offers a user now: ticket types with prices and availability. */
export async function getRegistrationOptions(db: Db, slug: string, userId: string, now: Date) {
  const event = await db.event.findFirst({
    where: { slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } },
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      lifecycleOverride: true,
      forums: { select: { liveStatus: true } },
      slug: true,
      titleZh: true,
      titleEn: true,
      currency: true,
      registrationQuestions: true,
      ticketTypes: { orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] },
      registrations: { where: { userId }, select: { id: true, status: true } },
      bankAccount: { select: { eventId: true } },
    },
  })
  if (!event) throw new AppError('not_found', `No published event ${slug}`)
  const lifecycle = eventLifecycle(event, now)
  const existing = event.registrations.find((r) => r.status !== 'CANCELLED' && r.status !== 'REJECTED') ?? null
  return {
    event: { id: event.id, slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, currency: event.currency },
    /** Set once the event has ended or is archived: the page says so instead of offering tickets. */
    closed: registrationOpen(lifecycle) ? null : lifecycle,
    questions: registrationQuestionsSchema.parse(event.registrationQuestions),
    existing,
    /** Paid tickets may be paid by bank transfer (staff set the event's account). */
    transferOffered: event.bankAccount !== null,
    ticketTypes: event.ticketTypes.map((t) => ({
      id: t.id,
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      descriptionZh: t.descriptionZh,
      descriptionEn: t.descriptionEn,
      free: isFree(t),
      sales: salesState(t, now),
      seatsLeft: t.quota === null ? null : Math.max(0, t.quota - t.seatsTaken),
      prices: TIERS.map((tier) => ({ tier, ...priceFor(t, tier, now) })),
    })),
  }
}
