import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from './db.server.ts'

type Tx = Pick<Db, 'auditLog'>

export type AuditContext = { userId?: string | null; ipAddress?: string | null; userAgent?: string | null }

export function auditContextFrom(request: Request, userId?: string | null): AuditContext {
  // Set by server.ts from the connection (and TRUST_PROXY), never taken from X-Forwarded-For as sent.
  const address = request.headers.get('x-cme-client-ip')?.trim()
  return { userId: userId ?? null, ipAddress: address || null, userAgent: request.headers.get('user-agent')?.slice(0, 500) ?? null }
}

/** Append-only audit trail (Documenso-style): type, data, who, from where. */
export async function writeAudit(db: Tx, type: string, data: Prisma.InputJsonValue, ctx: AuditContext = {}) {
  await db.auditLog.create({ data: { type, data, userId: ctx.userId ?? null, ipAddress: ctx.ipAddress ?? null, userAgent: ctx.userAgent ?? null } })
}
