import { AppError } from '~/utils/app-error.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { issueCertificate } from './issue-certificate.server.ts'
import { requireEventCreditRule } from './require-event-scope.server.ts'

/**
 * Staff issue a certificate under one of the event's rules to someone, found by e-mail, whether
 * or not the criteria are met; the reason (and any credits set by hand) go on the certificate
 * and in the audit log. An attendee rule needs a registration for the event; a faculty rule
 * needs only an account. Someone who already holds a current certificate under the rule is refused.
 */
export async function overrideCertificate(db: Db, input: { eventId: string; ruleId: string; email: string; reason: string; credits?: number; actor: AuditContext }) {
  const rule = await requireEventCreditRule(db, input.eventId, input.ruleId)
  const email = input.email.toLowerCase()
  const registration = await db.registration.findFirst({ where: { eventId: input.eventId, user: { email } }, select: { id: true, userId: true } })
  if (!registration && rule.audience === 'ATTENDEE') throw new AppError('not_registered', 'This person is not registered for the event')
  const userId = registration?.userId ?? (await db.user.findUnique({ where: { email }, select: { id: true } }))?.id
  if (!userId) throw new AppError('not_found', 'No such person')
  const override = { reason: input.reason, ...(input.credits !== undefined ? { credits: input.credits } : {}) }
  const outcome = await issueCertificate(db, { ruleId: input.ruleId, registrationId: registration?.id, userId, override, actor: input.actor })
  if (outcome.status === 'exists') throw new AppError('certificate_already_issued', 'This person already has a certificate under this rule')
  return outcome
}
