import type { Db } from '~/utils/db.server.ts'
import { refuseIfEnded } from './refuse-if-ended.server.ts'

/**
 * Raises or lowers a hand in a forum (举手). An attendee raises and lowers their own; a
 * moderator lowers anyone's, e.g. after inviting them on stage. Both are idempotent. Once the
 * forum has ended no hand goes up.
 */
export async function raiseHand(db: Db, input: { forumId: string; userId: string; raised: boolean }) {
  if (input.raised) await refuseIfEnded(db, input.forumId)
  if (input.raised) await db.raisedHand.createMany({ data: [{ forumId: input.forumId, userId: input.userId }], skipDuplicates: true })
  else await db.raisedHand.deleteMany({ where: { forumId: input.forumId, userId: input.userId } })
}
