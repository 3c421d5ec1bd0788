import type { Role } from '~/generated/prisma/client.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

type Tx = Pick<Db, 'user' | 'loginSession' | 'auditLog'>

/**
 * Gives a user another role. A privilege change ends every session of the user (issue 17:
 * sessions rotate on privilege change), so no browser keeps what it was granted before, or
 * gains powers by a cookie it got earlier, and its live sockets are closed. Returns false when the role was already that one.
 */
export async function changeUserRole(db: Tx, userId: string, role: Role, ctx: AuditContext = {}): Promise<boolean> {
  const before = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } })
  if (before.role === role) return false
  await db.user.update({ where: { id: userId }, data: { role } })
  const { count } = await db.loginSession.deleteMany({ where: { userId } })
  await writeAudit(db, 'user.role_changed', { from: before.role, to: role, sessionsEnded: count, byUserId: ctx.userId ?? null }, { ...ctx, userId })
  logger.info({ userId, from: before.role, to: role }, 'role changed; sessions ended')
  // Open live sockets carry the powers of the old role: close them on every node (they reconnect with a fresh token).
  announceAccessRevoked({ kind: 'platform_role', userId, reason: 'role_changed' })
  return true
}
