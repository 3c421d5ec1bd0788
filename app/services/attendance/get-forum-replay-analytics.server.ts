import { replayAudienceCurve, replayTotals, replayViews } from '~/domain/replay.ts'
import type { Db } from '~/utils/db.server.ts'

export type ReplayAnalytics = { views: number; viewers: number; minutesWatched: number; curve: number[] }

/**
 * A forum's replay audience beside its live figures (issue 12): views, unique viewers,
 * minutes watched (each viewer's distinct media minutes) and viewers per minute, on the same
 * per-minute axis as the live chart (from `window.start`; replay media time 0 is `mediaStart`,
 * when the forum went live). Read from the ledger's REPLAY_PROGRESS rows.
 */
export async function getForumReplayAnalytics(db: Db, input: { forumId: string; window: { start: Date; end: Date }; mediaStart: Date }): Promise<ReplayAnalytics> {
  const rows = await db.attendanceEvent.findMany({
    where: { forumId: input.forumId, kind: 'REPLAY_PROGRESS', source: 'REPLAY' },
    select: { registrationId: true, receivedAt: true, mediaFromSec: true, mediaToSec: true },
  })
  const shift = (input.mediaStart.getTime() - input.window.start.getTime()) / 1000
  const ranges = rows.filter((r) => r.mediaFromSec !== null && r.mediaToSec !== null).map((r) => ({ registrationId: r.registrationId, fromSec: r.mediaFromSec! + shift, toSec: r.mediaToSec! + shift }))
  const minutes = Math.ceil((input.window.end.getTime() - input.window.start.getTime()) / 60_000)
  const totals = replayTotals(ranges)
  return {
    views: replayViews(rows.map((r) => ({ registrationId: r.registrationId, atMs: r.receivedAt.getTime() }))),
    viewers: totals.viewers,
    minutesWatched: totals.minutesWatched,
    curve: replayAudienceCurve(ranges, minutes),
  }
}
