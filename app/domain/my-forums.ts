/**
 * "My forums" for moderators and speakers (issue 15): every forum a person is assigned to, once,
 * with every role they have in it, soonest first, then past ones most recent first. The roles
 * come from several tables (moderator assignments, stage invitations, talks and chairs through
 * the speaker record); a forum appears once with the strongest link first: the console for a
 * moderator, the speaker's join page (the live page) for the others.
 * Pure: rows and `now` in, a list out.
 */
export const FORUM_ROLES = ['MODERATOR', 'CHAIR', 'SPEAKER', 'INVITED'] as const
export type ForumRole = (typeof FORUM_ROLES)[number]

export type ForumAssignment<F extends { id: string; startsAt: Date; endsAt: Date }> = { forum: F; role: ForumRole }
export type MyForum<F extends { id: string; startsAt: Date; endsAt: Date }> = F & { roles: ForumRole[]; link: 'console' | 'stage'; past: boolean }

export function myForums<F extends { id: string; startsAt: Date; endsAt: Date }>(assignments: readonly ForumAssignment<F>[], now: Date): MyForum<F>[] {
  const byForum = new Map<string, { forum: F; roles: Set<ForumRole> }>()
  for (const { forum, role } of assignments) {
    const entry = byForum.get(forum.id) ?? { forum, roles: new Set<ForumRole>() }
    entry.roles.add(role)
    byForum.set(forum.id, entry)
  }
  const list = [...byForum.values()].map(({ forum, roles }) => {
    const ordered = FORUM_ROLES.filter((r) => roles.has(r))
    return { ...forum, roles: ordered, link: roles.has('MODERATOR') ? ('console' as const) : ('stage' as const), past: forum.endsAt.getTime() <= now.getTime() }
  })
  return list.sort((a, b) => {
    if (a.past !== b.past) return a.past ? 1 : -1
    const diff = a.startsAt.getTime() - b.startsAt.getTime()
    return a.past ? -diff : diff
  })
}
