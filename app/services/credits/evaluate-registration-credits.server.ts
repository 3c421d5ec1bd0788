import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { loadCreditedScope } from '~/services/attendance/load-credited-forums.server.ts'
import { issueCertificate } from './issue-certificate.server.ts'

/**
 * Automatic issue for one registration: every active, auto-issuing attendee rule of its
 * event whose sessions have all ended. Safe to run any number of times (issueCertificate is
 * idempotent), which is what a job queue with at-least-once delivery needs.
 */
export async function evaluateRegistrationCredits(db: Db, registrationId: string, now = new Date()) {
  const registration = await db.registration.findUnique({ where: { id: registrationId }, select: { eventId: true, status: true } })
  if (!registration || registration.status !== 'CONFIRMED') return { issued: 0 }
  const rules = await db.creditRule.findMany({ where: { eventId: registration.eventId, active: true, autoIssue: true, audience: 'ATTENDEE' } })
  let issued = 0
  for (const rule of rules) {
    if (!(await ruleHasEnded(db, rule, now))) continue
    const outcome = await issueCertificate(db, { ruleId: rule.id, registrationId, now })
    if (outcome.status === 'issued') issued++
  }
  if (issued) logger.info({ registrationId, issued }, 'certificates issued automatically')
  return { issued }
}

/**
 * Credit is final once the last session in the rule's scope has ended as the forum really
 * ran (an overrunning forum is not final at its scheduled end) and no forum in scope is live
 * or paused.
 */
export async function ruleHasEnded(db: Db, rule: { eventId: string; forumId: string | null; sessionId: string | null }, now: Date) {
  const { forums, sessionIds } = await loadCreditedScope(db, rule, now)
  if (forums.some((f) => f.liveStatus === 'LIVE' || f.liveStatus === 'PAUSED')) return false
  const ends = forums.flatMap((f) => f.sessions.filter((s) => !sessionIds || sessionIds.has(s.id)).map((s) => Math.max(Date.parse(s.scheduled.end), ...s.windows.map((w) => Date.parse(w.end)))))
  return ends.length > 0 && Math.max(...ends) <= now.getTime()
}

/** Where each rule's sweep stopped last time (per process): the next sweep goes on from there. */
const sweepCursors = new Map<string, string>()

/**
 * The periodic sweep: confirmed registrations of events with auto-issuing rules that ended
 * in the last `lookbackDays`, and have no current certificate for some such rule yet. At
 * most `limit` per rule and sweep, in id order, going on from where the last sweep stopped
 * and wrapping around, so in a 52,000-person event the registrations still short of a
 * criterion cannot keep the sweep from ever reaching the others.
 */
export async function findRegistrationsToEvaluate(db: Db, now = new Date(), options: { lookbackDays?: number; limit?: number } = {}) {
  const since = new Date(now.getTime() - (options.lookbackDays ?? 30) * 86_400_000)
  const limit = options.limit ?? 5000
  const rules = await db.creditRule.findMany({ where: { active: true, autoIssue: true, audience: 'ATTENDEE', event: { endsAt: { gte: since, lte: now } } }, select: { id: true, eventId: true } })
  const ids: string[] = []
  for (const rule of rules) {
    const where = { eventId: rule.eventId, status: 'CONFIRMED' as const, certificates: { none: { ruleId: rule.id, current: true } } }
    const after = sweepCursors.get(rule.id)
    let rows = await db.registration.findMany({ where: after ? { ...where, id: { gt: after } } : where, select: { id: true }, orderBy: { id: 'asc' }, take: limit })
    if (rows.length < limit && after) {
      // The end of the list: wrap around to its start for the rest of this sweep's share.
      const wrapped = await db.registration.findMany({ where: { ...where, id: { lte: after } }, select: { id: true }, orderBy: { id: 'asc' }, take: limit - rows.length })
      rows = [...rows, ...wrapped]
    }
    const last = rows.at(-1)?.id
    if (last && rows.length === limit) sweepCursors.set(rule.id, last)
    else sweepCursors.delete(rule.id)
    ids.push(...rows.map((r) => r.id))
  }
  return [...new Set(ids)]
}
