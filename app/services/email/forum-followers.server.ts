import type { Locale } from '~/generated/prisma/enums.ts'
import type { Db } from '~/utils/db.server.ts'

export type ForumFollower = { registrationId: string; user: { id: string; email: string; realName: string; locale: Locale } }

/**
 * One page (in registration id order, after `afterId`) of the confirmed registrants who follow
 * a forum: their agenda names it, or they chose nothing and it is a main forum (the rule of
 * app/domain/automatic-mails.ts followsForum, as a query).
 */
export async function forumFollowers(db: Db, forum: { id: string; eventId: string; kind: 'MAIN' | 'SUB' }, afterId: string | null, take: number): Promise<ForumFollower[]> {
  const rows = await db.registration.findMany({
    where: {
      eventId: forum.eventId,
      status: 'CONFIRMED',
      OR: [{ agendaChoices: { some: { forumId: forum.id } } }, ...(forum.kind === 'MAIN' ? [{ agendaChoices: { none: {} } }] : [])],
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: { id: true, user: { select: { id: true, email: true, realName: true, locale: true } } },
    orderBy: { id: 'asc' },
    take,
  })
  return rows.map((r) => ({ registrationId: r.id, user: r.user }))
}
