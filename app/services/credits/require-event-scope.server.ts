import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

// Staff act on certificates and rules from one event's page: an id from another event is a 404 there.

export async function requireEventCertificate(db: Db, eventId: string, certificateId: string) {
  if (!(await db.certificate.findFirst({ where: { id: certificateId, eventId }, select: { id: true } }))) throw new AppError('not_found', 'No such certificate')
}

export async function requireEventCreditRule(db: Db, eventId: string, ruleId: string) {
  const rule = await db.creditRule.findFirst({ where: { id: ruleId, eventId }, select: { id: true, audience: true } })
  if (!rule) throw new AppError('not_found', 'No such credit rule')
  return rule
}
