import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { creditSkipReasons, type SkipReason } from '~/domain/certificate-skip.ts'
import { issueCertificate, type IssueOutcome } from './issue-certificate.server.ts'

const CHUNK = 100
const PARALLEL = 4

/** Records a staff batch issue; the job queue runs it (runCertificateBatch) and the page shows its progress. */
export async function createCertificateBatch(db: Db, input: { eventId: string; ruleId: string; actor: AuditContext }) {
  const rule = await db.creditRule.findFirst({ where: { id: input.ruleId, eventId: input.eventId }, select: { id: true, active: true } })
  if (!rule) throw new AppError('not_found', 'No such credit rule')
  if (!rule.active) throw new AppError('conflict', 'The rule is inactive')
  const batch = await db.certificateBatch.create({ data: { eventId: input.eventId, ruleId: rule.id, requestedById: input.actor.userId ?? null } })
  await writeAudit(db, 'certificate.batch_requested', { batchId: batch.id, ruleId: rule.id }, input.actor)
  return batch
}

/** Who a batch covers: confirmed registrations (attendee rules) or speakers with an account (faculty rules). */
async function batchTargets(db: Db, rule: { id: string; eventId: string; forumId: string | null; sessionId: string | null; audience: 'ATTENDEE' | 'FACULTY' }) {
  if (rule.audience === 'ATTENDEE') {
    const rows = await db.registration.findMany({ where: { eventId: rule.eventId, status: 'CONFIRMED' }, orderBy: { id: 'asc' }, select: { id: true, userId: true } })
    return rows.map((r): Target => ({ registrationId: r.id, person: r.userId }))
  }
  const sessionWhere = rule.sessionId ? { id: rule.sessionId } : rule.forumId ? { forumId: rule.forumId } : { forum: { eventId: rule.eventId } }
  const rows = await db.speaker.findMany({ where: { userId: { not: null }, sessions: { some: { session: sessionWhere } } }, select: { userId: true } })
  return [...new Set(rows.map((r) => r.userId!))].map((userId): Target => ({ userId, person: userId }))
}

/** `person`: the account the target's certificate would go to (the skip list names it). */
type Target = ({ registrationId: string } | { userId: string }) & { person: string }

/** Why one target got nothing: the outcome of issuing, or the error it threw. */
function skipOf(outcome: IssueOutcome): SkipReason[] {
  if (outcome.status === 'exists') return [outcome.certificateStatus === 'REVOKED' ? 'CERTIFICATE_REVOKED' : 'ALREADY_ISSUED']
  if (outcome.status === 'not_eligible') return creditSkipReasons(outcome.snapshot.result)
  return []
}

/**
 * Runs a batch: each person is issued or skipped, and each one skipped or failed is written
 * down with the reasons (CertificateBatchSkip, app/domain/certificate-skip.ts). Counts and
 * reasons are written after every chunk for the progress bar. A rule switched off while the
 * batch waited or ran issues nothing more: the rest are skipped as RULE_INACTIVE. Re-running
 * a batch after a crash is safe: issuing is idempotent, and counts and reasons start again.
 */
export async function runCertificateBatch(db: Db, batchId: string, options: { now?: Date; keys?: CertificateKeys } = {}) {
  const batch = await db.certificateBatch.findUnique({ where: { id: batchId }, include: { rule: true } })
  if (!batch) throw new AppError('not_found', 'No such batch')
  if (batch.status === 'DONE') return batch
  const targets = await batchTargets(db, batch.rule)
  await db.$transaction([
    db.certificateBatchSkip.deleteMany({ where: { batchId } }),
    db.certificateBatch.update({ where: { id: batchId }, data: { status: 'RUNNING', total: targets.length, processed: 0, issued: 0, skipped: 0, failed: 0 } }),
  ])
  const counts = { processed: 0, issued: 0, skipped: 0, failed: 0 }
  const scopeCache = new Map()
  const { timeZone } = await db.event.findUniqueOrThrow({ where: { id: batch.eventId }, select: { timeZone: true } })
  for (let i = 0; i < targets.length; i += CHUNK) {
    const chunk = targets.slice(i, i + CHUNK)
    const skips: { batchId: string; userId: string; reasons: SkipReason[]; errorCode?: string }[] = []
    const { active } = await db.creditRule.findUniqueOrThrow({ where: { id: batch.ruleId }, select: { active: true } })
    if (!active) {
      for (const target of chunk) skips.push({ batchId, userId: target.person, reasons: ['RULE_INACTIVE'] })
      counts.skipped += chunk.length
      counts.processed += chunk.length
    }
    // A few at a time: each issue is mostly waiting on the database.
    for (let j = 0; active && j < chunk.length; j += PARALLEL) {
      await Promise.all(
        chunk.slice(j, j + PARALLEL).map(async ({ person, ...target }) => {
          try {
            const outcome = await issueCertificate(db, {
              ruleId: batch.ruleId,
              rule: batch.rule,
              scopeCache,
              timeZone,
              ...target,
              now: options.now,
              keys: options.keys,
              actor: { userId: batch.requestedById },
            })
            if (outcome.status === 'issued') counts.issued++
            else {
              counts.skipped++
              skips.push({ batchId, userId: person, reasons: skipOf(outcome) })
            }
          } catch (error) {
            if (error instanceof AppError && error.code === 'credit_criteria_not_met') {
              // resolveHolder: the registration was cancelled after the batch listed it.
              counts.skipped++
              skips.push({ batchId, userId: person, reasons: ['NOT_CONFIRMED'] })
            } else {
              counts.failed++
              skips.push({ batchId, userId: person, reasons: ['FAILED'], errorCode: error instanceof AppError ? error.code : 'internal' })
              logger.warn({ batchId, err: error, ...target }, 'certificate batch item failed')
            }
          }
          counts.processed++
        }),
      )
    }
    await db.$transaction([db.certificateBatchSkip.createMany({ data: skips, skipDuplicates: true }), db.certificateBatch.update({ where: { id: batchId }, data: counts })])
  }
  return db.certificateBatch.update({ where: { id: batchId }, data: { ...counts, status: 'DONE', finishedAt: new Date() } })
}
