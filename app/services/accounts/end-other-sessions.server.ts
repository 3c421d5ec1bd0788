import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Pick<Db, 'loginSession' | 'auditLog'>

/**
 * "Log out everywhere else": every session of the user but the one making the request.
 * Also part of a password change. Returns how many sessions ended.
 */
export async function endOtherSessions(db: Tx, userId: string, currentSessionId: string, ctx: AuditContext = {}): Promise<number> {
  const { count } = await db.loginSession.deleteMany({ where: { userId, id: { not: currentSessionId } } })
  await writeAudit(db, 'user.other_sessions_ended', { count }, { ...ctx, userId })
  return count
}
