import type { Db } from '~/utils/db.server.ts'

/** The replays a person may watch now: published, open, of forums of events they are confirmed for (the attendee's page links them). */
export async function listMyReplays(db: Db, userId: string, now = new Date()) {
  const replays = await db.replay.findMany({
    where: {
      published: true,
      AND: [{ OR: [{ availableFrom: null }, { availableFrom: { lte: now } }] }, { OR: [{ availableUntil: null }, { availableUntil: { gt: now } }] }],
      forum: { event: { registrations: { some: { userId, status: 'CONFIRMED' } } } },
    },
    select: { forum: { select: { id: true, slug: true, titleZh: true, titleEn: true, eventId: true, event: { select: { slug: true } } } } },
    take: 200,
  })
  const seen = new Set<string>()
  return replays.map((r) => r.forum).filter((f) => !seen.has(f.id) && seen.add(f.id))
}
