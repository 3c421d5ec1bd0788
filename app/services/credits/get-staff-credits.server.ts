import { AppError } from '~/utils/app-error.ts'
import type { SkipReason } from '~/domain/certificate-skip.ts'
import type { CertificateBatch } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'

/** People listed per batch on the page; the counts per reason cover everyone. */
export const SKIPS_SHOWN = 200

/** The names of the staff members behind these user ids (issuers, revokers), looked up once. */
export async function staffNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))]
  if (wanted.length === 0) return new Map()
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, realName: true, email: true } })
  return new Map(users.map((u) => [u.id, u.realName || u.email]))
}

/**
 * The staff credit page of an event: its rules, recent batches (with why people were
 * skipped) and certificates: the latest 200, or those whose holder's name, e-mail or
 * certificate number contains `search`.
 */
export async function getStaffCredits(db: Db, eventId: string, search = '') {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      forums: { orderBy: { position: 'asc' }, select: { id: true, titleZh: true, titleEn: true, sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, titleZh: true, titleEn: true } } } },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const rules = await db.creditRule.findMany({
    where: { eventId },
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { certificates: { where: { status: 'VALID' } } } }, forum: { select: { titleZh: true, titleEn: true } }, session: { select: { titleZh: true, titleEn: true } } },
  })
  const batches = await withSkips(db, await db.certificateBatch.findMany({ where: { eventId }, orderBy: { createdAt: 'desc' }, take: 5 }))
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
      issuedById: true,
      overrideReason: true,
      revokedAt: true,
      revokedReason: true,
      reviewFlaggedAt: true,
      reviewReason: true,
      supersededAt: true,
      supersededBy: { select: { code: true, version: true } },
      current: true,
      rule: { select: { nameZh: true, nameEn: true } },
      user: { select: { email: true } },
    },
  })
  const counts = await db.certificate.groupBy({ by: ['status'], where: { eventId }, _count: true })
  const issuers = await staffNames(
    db,
    certificates.map((c) => c.issuedById),
  )
  return {
    event,
    rules,
    batches,
    // Who issued each certificate, by name (null: issued automatically), never a bare user id.
    certificates: certificates.map(({ issuedById, ...c }) => ({ ...c, issuedBy: issuedById ? (issuers.get(issuedById) ?? '—') : null })),
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count])) as Record<string, number>,
  }
}

/**
 * Each batch with its counts per reason (a person who misses two criteria counts under both)
 * and the first SKIPS_SHOWN people skipped or failed, by name, with their reasons.
 */
async function withSkips(db: Db, batches: CertificateBatch[]) {
  if (batches.length === 0) return []
  const ids = batches.map((b) => b.id)
  const counts = await db.$queryRaw<{ batchId: string; reason: SkipReason; n: number }[]>`
    SELECT "batchId", reason::text AS reason, count(*)::int AS n
      FROM "CertificateBatchSkip", unnest(reasons) AS reason
     WHERE "batchId" = ANY(${ids})
     GROUP BY 1, 2`
  return Promise.all(
    batches.map(async (batch) => {
      const skips = await db.certificateBatchSkip.findMany({
        where: { batchId: batch.id },
        orderBy: [{ user: { realName: 'asc' } }, { id: 'asc' }],
        take: SKIPS_SHOWN,
        select: { id: true, reasons: true, errorCode: true, user: { select: { realName: true, email: true } } },
      })
      const reasonCounts: Partial<Record<SkipReason, number>> = {}
      for (const row of counts) if (row.batchId === batch.id) reasonCounts[row.reason] = row.n
      return { ...batch, reasonCounts, skips }
    }),
  )
}
