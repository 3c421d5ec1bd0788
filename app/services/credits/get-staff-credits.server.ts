import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * The staff credit page of an event: its rules, recent batches and certificates: the latest
 * 200, or those whose holder's name, e-mail or certificate number contains `search`.
 */
export async function getStaffCredits(db: Db, eventId: string, search = '') {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      forums: { orderBy: { position: 'asc' }, select: { id: true, titleZh: true, titleEn: true, sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, titleZh: true, titleEn: true } } } },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const rules = await db.creditRule.findMany({
    where: { eventId },
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { certificates: { where: { status: 'VALID' } } } }, forum: { select: { titleZh: true, titleEn: true } }, session: { select: { titleZh: true, titleEn: true } } },
  })
  const batches = await db.certificateBatch.findMany({ where: { eventId }, orderBy: { createdAt: 'desc' }, take: 5 })
  const q = search.trim()
  const certificates = await db.certificate.findMany({
    where: q
      ? { eventId, OR: [{ holderName: { contains: q, mode: 'insensitive' } }, { user: { email: { contains: q, mode: 'insensitive' } } }, { id: { startsWith: q.toLowerCase() } }] }
      : { eventId },
    orderBy: { issuedAt: 'desc' },
    take: 200,
    select: {
      id: true,
      code: true,
      version: true,
      status: true,
      credits: true,
      holderName: true,
      issuedAt: true,
      overrideReason: true,
      revokedReason: true,
      current: true,
      rule: { select: { nameZh: true, nameEn: true } },
      user: { select: { email: true } },
    },
  })
  const counts = await db.certificate.groupBy({ by: ['status'], where: { eventId }, _count: true })
  return { event, rules, batches, certificates, counts: Object.fromEntries(counts.map((c) => [c.status, c._count])) as Record<string, number> }
}
