import type { Db } from '~/utils/db.server.ts'

/** A person's registrations, newest event first, with what they need to reach each ticket. */
export async function listMyRegistrations(db: Db, userId: string) {
  return db.registration.findMany({
    where: { userId },
    orderBy: { event: { startsAt: 'desc' } },
    select: {
      id: true,
      status: true,
      ticketType: { select: { nameZh: true, nameEn: true } },
      event: { select: { slug: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true } },
    },
  })
}
