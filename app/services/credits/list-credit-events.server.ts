import type { Db } from '~/utils/db.server.ts'

/** Events that carry credit, newest first, with their certificate counts (archived ones included). */
export async function listCreditEvents(db: Db) {
  const events = await db.event.findMany({
    where: { creditRules: { some: {} } },
    orderBy: { startsAt: 'desc' },
    select: { id: true, titleZh: true, titleEn: true, startsAt: true, timeZone: true, status: true, _count: { select: { creditRules: true, certificates: true } } },
  })
  return events
}
