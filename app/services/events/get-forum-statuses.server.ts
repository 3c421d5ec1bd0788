import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { onForgetEventPage } from '~/utils/event-page-cache.server.ts'

export type ForumStatuses = { forums: { id: string; slug: string; liveStatus: 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED' }[] }

/** How long one process reuses an event's statuses: one query per event per window, however many players ask. */
const FRESH_MS = 5_000
const cache = new Map<string, { at: number; value: ForumStatuses }>()
// A forum's change of live status forgets the event's pages: the next poll reads the new status.
onForgetEventPage((slug) => cache.delete(slug))

/**
 * The live status of each forum of a published event, for the live page's forum switcher
 * (issue 15): public (the event page shows the same), and read from the database at most once
 * per FRESH_MS per event and process, so thousands of players polling it cost a few queries.
 */
export async function getForumStatuses(db: Db, slug: string, now = Date.now()): Promise<ForumStatuses> {
  const hit = cache.get(slug)
  if (hit && now - hit.at < FRESH_MS) return hit.value
  const event = await db.event.findFirst({
    where: { slug, status: { not: 'DRAFT' } },
    select: { forums: { select: { id: true, slug: true, liveStatus: true }, orderBy: [{ position: 'asc' }, { startsAt: 'asc' }] } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const value = { forums: event.forums }
  if (cache.size > 1000) cache.clear()
  cache.set(slug, { at: now, value })
  return value
}
