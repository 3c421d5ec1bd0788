import type { Db } from '~/utils/db.server.ts'

/**
 * Whether replay reports for a forum count now, and how far they may reach (issue 12): the
 * forum has ended and its replay is published and within its window. `maxMediaSec` is the end
 * of the recording on the ledger's media timeline (seconds from when the forum went live, as
 * app/domain/credited-time.ts counts), so a report beyond the replay is refused.
 */
export async function isReplayOpen(db: Db, forumId: string, now = new Date()): Promise<{ open: boolean; maxMediaSec: number }> {
  const forum = await db.forum.findUnique({
    where: { id: forumId },
    select: {
      liveStatus: true,
      startsAt: true,
      liveStartedAt: true,
      replays: { where: { published: true }, select: { availableFrom: true, availableUntil: true, recording: { select: { endedAt: true } } } },
    },
  })
  if (forum?.liveStatus !== 'ENDED') return { open: false, maxMediaSec: 0 }
  const open = forum.replays.filter((r) => (!r.availableFrom || r.availableFrom <= now) && (!r.availableUntil || now < r.availableUntil))
  if (open.length === 0) return { open: false, maxMediaSec: 0 }
  const mediaStart = (forum.liveStartedAt ?? forum.startsAt).getTime()
  const end = Math.max(...open.map((r) => r.recording.endedAt?.getTime() ?? 0))
  return { open: true, maxMediaSec: Math.max(0, (end - mediaStart) / 1000) }
}
