import type { Db } from '~/utils/db.server.ts'

/** Published events for the public list, soonest upcoming first, then the past. */
export async function listPublishedEvents(db: Db) {
  return db.event.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: [{ startsAt: 'asc' }],
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      summaryZh: true,
      summaryEn: true,
      timeZone: true,
      startsAt: true,
      endsAt: true,
      _count: { select: { forums: true } },
    },
  })
}
