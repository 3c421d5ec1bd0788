import type { Db } from '~/utils/db.server.ts'
import { deriveForumAttendance } from './derive-forum-attendance.server.ts'

/**
 * Keeps live analytics fresh and makes them final: forums that are live (or paused), and
 * forums that ended after their last derivation, are re-derived. Each forum is claimed for
 * `leaseSec` by a conditional UPDATE, so with several nodes one of them does the work.
 */
export async function deriveLiveForums(db: Db, options: { leaseSec?: number } = {}): Promise<string[]> {
  const lease = options.leaseSec ?? 30
  const candidates = await db.$queryRaw<{ id: string }[]>`
    SELECT f."id" FROM "Forum" f LEFT JOIN "AttendanceDerivation" d ON d."forumId" = f."id"
    WHERE f."liveStatus" IN ('LIVE', 'PAUSED')
       OR (f."liveEndedAt" IS NOT NULL AND (d."forumId" IS NULL OR d."startedAt" < f."liveEndedAt"))`
  const done: string[] = []
  for (const { id } of candidates) {
    await db.$executeRaw`INSERT INTO "AttendanceDerivation" ("forumId", "startedAt", "lastEventId", "registrations", "updatedAt") VALUES (${id}, to_timestamp(0), 0, 0, to_timestamp(0)) ON CONFLICT DO NOTHING`
    const claimed = await db.$executeRaw`UPDATE "AttendanceDerivation" SET "updatedAt" = now() WHERE "forumId" = ${id} AND "updatedAt" < now() - make_interval(secs => ${lease})`
    if (claimed !== 1) continue
    await deriveForumAttendance(db, id)
    done.push(id)
  }
  return done
}
