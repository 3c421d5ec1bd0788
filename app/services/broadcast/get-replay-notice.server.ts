import { replayNotice, replayNoticeView, type ReplayNoticeView } from '~/domain/replay-notice.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * What an ended forum's live and forum pages say about its replay (app/domain/replay-notice.ts):
 * the same for everyone, so the shared live page may carry it. One statement: the forum's
 * recordings with their replays (a replay always belongs to a recording).
 */
export async function getReplayNotice(db: Db, forumId: string, now = new Date()): Promise<ReplayNoticeView> {
  const recordings = await db.recording.findMany({
    where: { forumId },
    select: { status: true, replay: { select: { published: true, publishedAt: true, availableFrom: true, availableUntil: true } } },
  })
  return replayNoticeView(replayNotice({ recordings, replays: recordings.flatMap((r) => (r.replay ? [r.replay] : [])) }, now))
}
