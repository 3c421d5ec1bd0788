import { compareForEventList, eventLifecycle, type EventLifecycle } from '~/domain/event-lifecycle.ts'
import { normaliseTopics, topicsMatching, type EventTopic } from '~/domain/event-topics.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'

export type EventListFilters = {
  /** Words matched in the title, summary, forum titles, venue cities, organisers and topic labels, both languages. */
  q?: string
  /** Events running on or after this day / on or before this day (YYYY-MM-DD, China time). */
  from?: string
  to?: string
  /** online: online only; venue: can also be attended at a main or branch venue. */
  attend?: 'online' | 'venue'
  /** upcoming: upcoming and live only; past: ended and archived only. */
  when?: 'upcoming' | 'past'
  /** Events filed under this topic (app/domain/event-topics.ts). */
  topic?: EventTopic
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

/**
 * The public events list (published and archived events): upcoming and live first, soonest
 * first, then past ones, most recent first (app/domain/event-lifecycle.ts), with search and filters.
 */
export async function listPublishedEvents(db: Db, filters: EventListFilters = {}, now: Date = new Date()) {
  const and: Prisma.EventWhereInput[] = [{ status: { in: ['PUBLISHED', 'ARCHIVED'] } }]
  for (const word of (filters.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = { contains: word, mode: 'insensitive' as const }
    const topics = topicsMatching(word)
    and.push({
      OR: [
        ...(topics.length > 0 ? [{ topics: { hasSome: topics } }] : []),
        { titleZh: like },
        { titleEn: like },
        { summaryZh: like },
        { summaryEn: like },
        { forums: { some: { OR: [{ titleZh: like }, { titleEn: like }] } } },
        { venues: { some: { OR: [{ city: like }, { nameZh: like }, { nameEn: like }] } } },
        { organisations: { some: { organisation: { OR: [{ nameZh: like }, { nameEn: like }] } } } },
      ],
    })
  }
  if (filters.from) and.push({ endsAt: { gte: dayStart(filters.from) } })
  if (filters.to) and.push({ startsAt: { lt: new Date(dayStart(filters.to).getTime() + 86_400_000) } })
  if (filters.attend === 'venue') and.push({ venues: { some: {} } })
  if (filters.attend === 'online') and.push({ venues: { none: {} } })
  if (filters.topic) and.push({ topics: { has: filters.topic } })
  const rows = await db.event.findMany({
    where: { AND: and },
    orderBy: [{ startsAt: 'asc' }],
    take: 500,
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
      topics: true,
      forums: { select: { liveStatus: true } },
      venues: { select: { city: true }, distinct: ['city'] },
      _count: { select: { forums: true, venues: true } },
    },
  })
  const events = rows
    .map(({ forums, topics, ...e }) => ({ ...e, topics: normaliseTopics(topics), lifecycle: eventLifecycle({ ...e, forums }, now) as EventLifecycle }))
    .filter((e) => !filters.when || (filters.when === 'past' ? e.lifecycle === 'ended' || e.lifecycle === 'archived' : e.lifecycle === 'upcoming' || e.lifecycle === 'live'))
  return events.sort(compareForEventList)
}
