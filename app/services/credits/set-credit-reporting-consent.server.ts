import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** ACCME PARS needs the learner's consent before reporting; giving or withdrawing it is audited. */
export async function setCreditReportingConsent(db: Db, userId: string, consent: boolean, actor: AuditContext, now = new Date()) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { creditReportingConsentAt: consent ? now : null } })
    await writeAudit(tx, consent ? 'credit_reporting.consent_given' : 'credit_reporting.consent_withdrawn', { userId }, actor)
  })
}
