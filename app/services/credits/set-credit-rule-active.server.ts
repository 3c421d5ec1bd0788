import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { requireEventCreditRule } from './require-event-scope.server.ts'

/**
 * Switches a credit rule off (or on again). An inactive rule issues nothing more, neither
 * automatically nor in a batch; certificates already issued under it stay as they are
 * (revoking is a separate, per-certificate decision). Audited. From an event's staff page
 * (`eventId`), a rule of another event is not found.
 */
export async function setCreditRuleActive(db: Db, input: { eventId?: string; ruleId: string; active: boolean }, actor: AuditContext) {
  if (input.eventId) await requireEventCreditRule(db, input.eventId, input.ruleId)
  await db.$transaction(async (tx) => {
    await tx.creditRule.update({ where: { id: input.ruleId }, data: { active: input.active } })
    await writeAudit(tx, input.active ? 'credit_rule.activated' : 'credit_rule.deactivated', { ruleId: input.ruleId }, actor)
  })
}
