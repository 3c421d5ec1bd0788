import { createHash } from 'node:crypto'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { onForgetEventPage } from '~/utils/event-page-cache.server.ts'
import { TtlCache } from '~/utils/ttl-cache.server.ts'

/**
 * Thousands open an event page when a forum starts; its programme changes rarely. Each
 * node keeps a page's data for a few seconds (staff edits call `forgetEventPage` in
 * `~/utils/event-page-cache.server.ts`).
 */
const pageCache = new TtlCache<EventPage>(5_000)
onForgetEventPage((slug) => pageCache.delete(slug))

export function getEventPageCached(db: Db, slug: string): Promise<EventPage> {
  return pageCache.get(slug, () => getEventPage(db, slug))
}

/** Everything the public event page shows: forums, programme, chairs, organisers and venues. */
export async function getEventPage(db: Db, slug: string) {
  const event = await db.event.findFirst({
    where: { slug, status: { in: ['PUBLISHED', 'ARCHIVED'] } },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      summaryZh: true,
      summaryEn: true,
      timeZone: true,
      startsAt: true,
      endsAt: true,
      status: true,
      lifecycleOverride: true,
      organisations: {
        orderBy: [{ role: 'asc' }, { position: 'asc' }],
        select: { role: true, forumId: true, organisation: { select: { nameZh: true, nameEn: true } } },
      },
      venues: {
        orderBy: [{ kind: 'asc' }, { nameZh: 'asc' }],
        select: { id: true, kind: true, nameZh: true, nameEn: true, city: true, address: true, forumId: true, capacity: true, coordinatorId: true },
      },
      forums: {
        select: {
          id: true,
          slug: true,
          kind: true,
          position: true,
          titleZh: true,
          titleEn: true,
          descriptionZh: true,
          descriptionEn: true,
          roomZh: true,
          roomEn: true,
          startsAt: true,
          endsAt: true,
          liveStatus: true,
          hosts: {
            // 主持 before 嘉宾主持, then in programme order.
            orderBy: [{ role: 'asc' }, { position: 'asc' }],
            select: { role: true, speaker: { select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true } } },
          },
          sessions: {
            orderBy: { startsAt: 'asc' },
            select: {
              id: true,
              kind: true,
              titleZh: true,
              titleEn: true,
              startsAt: true,
              endsAt: true,
              speakers: {
                orderBy: { position: 'asc' },
                select: { speaker: { select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true } } },
              },
            },
          },
        },
      },
    },
  })
  if (!event) throw new AppError('not_found', `No published event ${slug}`)
  return event
}

export type EventPage = Awaited<ReturnType<typeof getEventPage>>

const versions = new WeakMap<EventPage, string>()

/**
 * The data version of an event page: a hash of everything it shows (the event, its forums,
 * sessions, speakers, chairs, organisations, venues), so any change to any of them is a new
 * version. Computed once per loaded page (every few seconds per node), it names the page's
 * shared markup (app/utils/html-fragments.server.tsx).
 */
export function eventPageVersion(page: EventPage): string {
  let version = versions.get(page)
  if (!version) versions.set(page, (version = createHash('sha256').update(JSON.stringify(page)).digest('base64url').slice(0, 22)))
  return version
}
