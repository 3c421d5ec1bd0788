import type { z } from 'zod'
import type { creditRuleSchema } from '~/schemas/credits.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Adds a credit rule to an event, or to one of its forums or sessions. */
export async function saveCreditRule(db: Db, eventId: string, form: z.infer<typeof creditRuleSchema>, actor: AuditContext) {
  let forumId: string | null = null
  let sessionId: string | null = null
  if (form.scope.startsWith('forum:')) {
    forumId = form.scope.slice(6)
    if (!(await db.forum.findFirst({ where: { id: forumId, eventId }, select: { id: true } }))) throw new AppError('not_found', 'No such forum in this event')
  } else if (form.scope.startsWith('session:')) {
    sessionId = form.scope.slice(8)
    if (!(await db.session.findFirst({ where: { id: sessionId, forum: { eventId } }, select: { id: true } }))) throw new AppError('not_found', 'No such session in this event')
  }
  const rule = await db.creditRule.create({
    data: {
      eventId,
      forumId,
      sessionId,
      nameZh: form.nameZh,
      nameEn: form.nameEn,
      audience: form.audience,
      delivery: form.delivery,
      scheme: form.scheme,
      mode: form.mode,
      credits: form.credits,
      maxCredits: form.maxCredits ?? null,
      rounding: form.rounding,
      // Live credit counts live and venue attendance; enduring (replay) credit counts replays.
      sources: form.delivery === 'REPLAY' ? ['REPLAY'] : ['LIVE', 'VENUE'],
      minAttendedMinutes: form.minAttendedMinutes ?? null,
      minAttendedRatio: form.minAttendedPercent !== undefined ? form.minAttendedPercent / 100 : null,
      minPresenceAnsweredRatio: form.minPresencePercent !== undefined ? form.minPresencePercent / 100 : null,
      requireExamPassed: form.requireExamPassed,
      requireEvaluation: form.requireEvaluation,
      autoIssue: form.autoIssue,
      projectNumber: form.projectNumber || null,
      projectLevel: form.projectLevel || null,
    },
  })
  await writeAudit(db, 'credit_rule.created', { ruleId: rule.id, eventId }, actor)
  return rule
}
