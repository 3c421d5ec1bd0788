import type { Db } from '~/utils/db.server.ts'

/**
 * A forum's agenda for the moderator console's current-talk bar: every session in agenda
 * order, with its speakers' names (app/domain/current-talk.ts picks now and next).
 */
export async function listForumTalks(db: Db, forumId: string) {
  const sessions = await db.session.findMany({
    where: { forumId },
    orderBy: [{ startsAt: 'asc' }, { position: 'asc' }],
    select: {
      id: true,
      kind: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      position: true,
      speakers: { orderBy: { position: 'asc' }, select: { speaker: { select: { nameZh: true, nameEn: true } } } },
    },
  })
  return sessions.map(({ speakers, ...s }) => ({ ...s, speakers: speakers.map((x) => x.speaker) }))
}
