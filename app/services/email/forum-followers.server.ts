import type { Prisma } from '~/generated/prisma/client.ts'
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

const PAGE = 1000

/**
 * One automatic mail to every follower of a forum, once: a page of followers at a time into
 * the mail queue (each message unique by its dedupe key), then the pass remembered under
 * `passKey` (AutomaticMailPass) so it is not run again. A pass already done does nothing.
 * Returns how many followers there were and how many mails were queued.
 */
export async function mailForumFollowers(
  db: Db,
  forum: { id: string; eventId: string; kind: 'MAIN' | 'SUB' },
  passKey: string,
  message: (follower: ForumFollower) => Prisma.EmailMessageCreateManyInput,
): Promise<{ recipients: number; queued: number } | null> {
  if (await db.automaticMailPass.findUnique({ where: { key: passKey }, select: { key: true } })) return null
  let recipients = 0
  let queued = 0
  for (let after: string | null = null; ;) {
    const page = await forumFollowers(db, forum, after, PAGE)
    if (page.length === 0) break
    after = page.at(-1)!.registrationId
    recipients += page.length
    queued += (await db.emailMessage.createMany({ data: page.map(message), skipDuplicates: true })).count
  }
  await db.automaticMailPass.upsert({ where: { key: passKey }, create: { key: passKey, recipients }, update: {} })
  return { recipients, queued }
}
