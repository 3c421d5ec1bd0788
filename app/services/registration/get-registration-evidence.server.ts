import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadDeskProgress, loadDeskProgressScope, type DeskProgress } from './load-desk-progress.server.ts'

export type EvidenceForum = { id: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; minutes: number; sources: string[] }

/**
 * One registrant's credit evidence across the event, for the desk's row link: the minutes in
 * each forum (the stored intervals united over time), each forum linking to its own evidence
 * page (the ledger, the intervals, the credited minutes per session: attendance is kept per
 * forum), the exam and survey state, and the certificates with any review flag.
 */
export async function getRegistrationEvidence(db: Db, eventId: string, registrationId: string) {
  const reg = await db.registration.findFirst({
    where: { id: registrationId, eventId },
    select: {
      id: true,
      status: true,
      user: { select: { realName: true, institution: true, email: true } },
      ticketType: { select: { nameZh: true, nameEn: true } },
      event: { select: { id: true, titleZh: true, titleEn: true, timeZone: true } },
      certificates: {
        select: { id: true, code: true, status: true, current: true, credits: true, issuedAt: true, reviewReason: true, rule: { select: { nameZh: true, nameEn: true } } },
        orderBy: { issuedAt: 'desc' },
      },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such registration')
  const [forums, perForum, scope] = await Promise.all([
    db.forum.findMany({ where: { eventId }, select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] }),
    db.$queryRaw<{ forumId: string; seconds: number; sources: string[] }[]>(Prisma.sql`
      SELECT u."forumId", COALESCE(SUM(EXTRACT(EPOCH FROM upper(u.r) - lower(u.r))), 0)::float8 AS seconds, MIN(u.sources) AS sources
      FROM (
        SELECT "forumId", unnest(range_agg(tsrange("start", "end"))) AS r, array_agg(DISTINCT "source"::text ORDER BY "source"::text) AS sources
        FROM "AttendanceInterval"
        WHERE "registrationId" = ${registrationId} AND "end" > "start"
        GROUP BY "forumId"
      ) u
      GROUP BY u."forumId"`),
    loadDeskProgressScope(db, eventId),
  ])
  const progress: DeskProgress = (await loadDeskProgress(db, scope, [reg.id])).get(reg.id)!
  const byForum = new Map(perForum.map((f) => [f.forumId, f]))
  const evidenceForums: EvidenceForum[] = forums.map((f) => ({
    ...f,
    minutes: Math.floor(Number(byForum.get(f.id)?.seconds ?? 0) / 60),
    sources: byForum.get(f.id)?.sources ?? [],
  }))
  const { event, certificates, ...registration } = reg
  return { event, registration, forums: evidenceForums, progress, certificates }
}
