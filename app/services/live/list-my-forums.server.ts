import { myForums, type ForumAssignment, type ForumRole } from '~/domain/my-forums.ts'
import type { Db } from '~/utils/db.server.ts'

const forumSelect = {
  id: true,
  slug: true,
  titleZh: true,
  titleEn: true,
  startsAt: true,
  endsAt: true,
  liveStatus: true,
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, status: true } },
} as const

/**
 * The forums a moderator or speaker is assigned to (issue 15, "my forums"): as moderator, invited
 * on stage, chair or host, or speaker of a talk (through their speaker record). Drafts are left out.
 */
export async function listMyForums(db: Db, userId: string, now: Date) {
  const visible = { event: { status: { in: ['PUBLISHED' as const, 'ARCHIVED' as const] } } }
  const [moderating, invited, hosting, talks] = await Promise.all([
    db.forumModerator.findMany({ where: { userId, forum: visible }, select: { forum: { select: forumSelect } } }),
    db.stageInvitation.findMany({ where: { userId, forum: visible }, select: { forum: { select: forumSelect } } }),
    db.forumHost.findMany({ where: { speaker: { userId }, forum: visible }, select: { forum: { select: forumSelect } } }),
    db.sessionSpeaker.findMany({ where: { speaker: { userId }, session: { forum: visible } }, select: { session: { select: { forum: { select: forumSelect } } } } }),
  ])
  type F = (typeof moderating)[number]['forum']
  const rows: ForumAssignment<F>[] = [
    ...moderating.map((r) => ({ forum: r.forum, role: 'MODERATOR' as ForumRole })),
    ...invited.map((r) => ({ forum: r.forum, role: 'INVITED' as ForumRole })),
    ...hosting.map((r) => ({ forum: r.forum, role: 'CHAIR' as ForumRole })),
    ...talks.map((r) => ({ forum: r.session.forum, role: 'SPEAKER' as ForumRole })),
  ]
  return myForums(rows, now)
}
