import type { Namespace } from 'socket.io'
import { canModerateForum, type Role } from '~/domain/permissions.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { firePresencePrompt } from './fire-presence-prompt.server.ts'
import type { LedgerWriter } from './ledger-writer.server.ts'

/** A moderator of the forum (or staff) asks everyone watching it now to confirm they are there. */
export async function triggerPresencePrompt(nsp: Namespace, db: Db, writer: LedgerWriter, input: { forumId: string; timeoutSec: number; user: { id: string; role: Role } }) {
  const { forumId, timeoutSec, user } = input
  const assigned = await db.forumModerator.findMany({ where: { forumId }, select: { userId: true } })
  if (
    !canModerateForum(
      user,
      assigned.map((a) => a.userId),
    )
  )
    throw new AppError('forbidden', 'Not a moderator of this forum')
  const prompt = await db.presencePrompt.create({ data: { forumId, dueAt: new Date(), timeoutSec, triggeredById: user.id } })
  return firePresencePrompt(nsp, db, writer, prompt)
}
