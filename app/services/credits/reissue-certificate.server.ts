import { AppError } from '~/utils/app-error.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { computeSnapshot, createCertificate, resolveHolder, type CertificateOverride } from './issue-certificate.server.ts'
import { requireEventCertificate } from './require-event-scope.server.ts'

/**
 * Re-issue: a new version with a new code, recomputed from the evidence as it is now and
 * with the holder's current real name (the usual reason: a corrected name); the old version
 * becomes SUPERSEDED and links to the new one (a revoked one stays REVOKED with the link).
 * From an event's staff page (`eventId`), a certificate of another event is not found.
 */
export async function reissueCertificate(
  db: Db,
  input: { eventId?: string; certificateId: string; reason: string; override?: CertificateOverride; actor: AuditContext; now?: Date; keys?: CertificateKeys },
) {
  if (input.eventId) await requireEventCertificate(db, input.eventId, input.certificateId)
  const now = input.now ?? new Date()
  const reason = input.reason.trim()
  if (reason.length < 3) throw new AppError('validation_failed', 'Give a reason for re-issuing')
  const old = await db.certificate.findUnique({ where: { id: input.certificateId }, include: { rule: true } })
  if (!old) throw new AppError('not_found', 'No such certificate')
  if (!old.current) throw new AppError('certificate_not_current', 'Only the newest version can be re-issued')
  const holder = await resolveHolder(db, old.rule, { registrationId: old.registrationId, userId: old.userId })
  const snapshot = await computeSnapshot(db, old.rule, holder, now)
  const override = input.override ?? (old.overrideReason ? { reason: old.overrideReason, credits: old.credits } : undefined)
  if (!snapshot.result.eligible && !override) throw new AppError('credit_criteria_not_met', 'The credit criteria are no longer met; re-issue with an override reason')
  const credits = override?.credits ?? snapshot.result.credits
  const created = await createCertificate(db, {
    rule: old.rule,
    holder,
    snapshot,
    credits,
    version: old.version + 1,
    override,
    actor: input.actor,
    now,
    keys: input.keys,
    supersedesId: old.id,
    reason,
  })
  return { certificateId: created.id, code: created.code, version: old.version + 1, supersedes: old.id }
}
