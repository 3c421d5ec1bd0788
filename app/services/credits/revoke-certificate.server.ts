import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { requireEventCertificate } from './require-event-scope.server.ts'

/**
 * Revocation is a status with a reason and a date, never a deletion; the verify page shows it.
 * From an event's staff page (`eventId`), a certificate of another event is not found.
 */
export async function revokeCertificate(db: Db, input: { eventId?: string; certificateId: string; reason: string; actor: AuditContext; now?: Date }) {
  if (input.eventId) await requireEventCertificate(db, input.eventId, input.certificateId)
  const now = input.now ?? new Date()
  const reason = input.reason.trim()
  if (reason.length < 3) throw new AppError('validation_failed', 'Give a reason for revoking')
  return db.$transaction(async (tx) => {
    // Conditional update: two staff revoking at once revoke once.
    const updated = await tx.certificate.updateMany({
      where: { id: input.certificateId, status: 'VALID' },
      data: { status: 'REVOKED', revokedAt: now, revokedReason: reason, revokedById: input.actor.userId ?? null },
    })
    if (updated.count === 0) {
      const exists = await tx.certificate.findUnique({ where: { id: input.certificateId }, select: { status: true } })
      if (!exists) throw new AppError('not_found', 'No such certificate')
      throw new AppError(exists.status === 'REVOKED' ? 'certificate_revoked' : 'certificate_not_current', 'Only a valid certificate can be revoked')
    }
    await writeAudit(tx, 'certificate.revoked', { certificateId: input.certificateId, reason }, input.actor)
    return { certificateId: input.certificateId, revokedAt: now }
  })
}
