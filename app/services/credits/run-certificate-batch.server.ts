import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { issueCertificate } from './issue-certificate.server.ts'

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
    const rows = await db.registration.findMany({ where: { eventId: rule.eventId, status: 'CONFIRMED' }, orderBy: { id: 'asc' }, select: { id: true } })
    return rows.map((r) => ({ registrationId: r.id }))
  }
  const sessionWhere = rule.sessionId ? { id: rule.sessionId } : rule.forumId ? { forumId: rule.forumId } : { forum: { eventId: rule.eventId } }
  const rows = await db.speaker.findMany({ where: { userId: { not: null }, sessions: { some: { session: sessionWhere } } }, select: { userId: true } })
  return [...new Set(rows.map((r) => r.userId!))].map((userId) => ({ userId }))
}

/**
 * Runs a batch: each person is issued (or skipped: not eligible, or already has one), and
 * the counts are written after every chunk for the progress bar. Re-running a batch after a
 * crash is safe: issuing is idempotent, and the counts start again from zero.
 */
export async function runCertificateBatch(db: Db, batchId: string, options: { now?: Date; keys?: CertificateKeys } = {}) {
  const batch = await db.certificateBatch.findUnique({ where: { id: batchId }, include: { rule: true } })
  if (!batch) throw new AppError('not_found', 'No such batch')
  if (batch.status === 'DONE') return batch
  const targets = await batchTargets(db, batch.rule)
  await db.certificateBatch.update({ where: { id: batchId }, data: { status: 'RUNNING', total: targets.length, processed: 0, issued: 0, skipped: 0, failed: 0 } })
  const counts = { processed: 0, issued: 0, skipped: 0, failed: 0 }
  const scopeCache = new Map()
  const { timeZone } = await db.event.findUniqueOrThrow({ where: { id: batch.eventId }, select: { timeZone: true } })
  for (let i = 0; i < targets.length; i += CHUNK) {
    // A few at a time: each issue is mostly waiting on the database.
    const chunk = targets.slice(i, i + CHUNK)
    for (let j = 0; j < chunk.length; j += PARALLEL) {
      await Promise.all(
        chunk.slice(j, j + PARALLEL).map(async (target) => {
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
            else counts.skipped++
          } catch (error) {
            counts.failed++
            logger.warn({ batchId, err: error, ...target }, 'certificate batch item failed')
          }
          counts.processed++
        }),
      )
    }
    await db.certificateBatch.update({ where: { id: batchId }, data: counts })
  }
  return db.certificateBatch.update({ where: { id: batchId }, data: { ...counts, status: 'DONE', finishedAt: new Date() } })
}
