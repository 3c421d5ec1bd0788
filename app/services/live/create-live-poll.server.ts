import type { Db } from '~/utils/db.server.ts'

/** A moderator drafts a poll: a question and 2–10 options, opened later. */
export async function createLivePoll(db: Db, input: { forumId: string; question: string; options: string[] }) {
  const poll = await db.livePoll.create({
    data: { forumId: input.forumId, question: input.question, options: { create: input.options.map((text, position) => ({ text, position })) } },
    select: { id: true },
  })
  return poll.id
}
