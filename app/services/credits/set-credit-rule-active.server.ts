import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Switches a credit rule off (or on again). An inactive rule issues nothing more, neither
 * automatically nor in a batch; certificates already issued under it stay as they are
 * (revoking is a separate, per-certificate decision). Audited.
 */
export async function setCreditRuleActive(db: Db, input: { ruleId: string; active: boolean }, actor: AuditContext) {
  await db.$transaction(async (tx) => {
    await tx.creditRule.update({ where: { id: input.ruleId }, data: { active: input.active } })
    await writeAudit(tx, input.active ? 'credit_rule.activated' : 'credit_rule.deactivated', { ruleId: input.ruleId }, actor)
  })
}
