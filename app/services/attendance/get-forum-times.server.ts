import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadCreditedForums } from './load-credited-forums.server.ts'

/**
 * A forum's schedule beside how it really ran: the live-status log, staff-confirmed times
 * (who and when), the run credit follows and each session's credited windows.
 */
export async function getForumTimes(db: Db, eventId: string, forumId: string, now = new Date()) {
  const forum = await db.forum.findFirst({
    where: { id: forumId, eventId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      liveStatus: true,
      event: { select: { id: true, titleZh: true, titleEn: true, timeZone: true } },
      sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, titleZh: true, titleEn: true, kind: true } },
      liveStatusChanges: { orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { id: true, from: true, to: true, at: true } },
      actualTimes: { select: { confirmedAt: true, confirmedById: true } },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum in this event')
  const [credited] = await loadCreditedForums(db, { id: forumId }, now)
  const windows = new Map(credited!.sessions.map((s) => [s.id, s]))
  return {
    forum,
    run: credited!.run,
    log: forum.liveStatusChanges.map((c) => ({ ...c, id: c.id.toString() })),
    confirmed: forum.actualTimes,
    sessions: forum.sessions.map((s) => ({ ...s, scheduled: windows.get(s.id)!.scheduled, windows: windows.get(s.id)!.windows })),
  }
}
