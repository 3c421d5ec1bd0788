import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * "Log out" on one row of the profile's session list. Only the user's own sessions: an id
 * of someone else's session ends nothing. Returns whether a session was ended.
 */
export async function endMySession(db: Db, userId: string, sessionId: string, ctx: AuditContext = {}): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.loginSession.deleteMany({ where: { id: sessionId, userId } })
    if (count > 0) await writeAudit(tx, 'user.session_ended', { sessionId }, { ...ctx, userId })
    return count > 0
  })
}
