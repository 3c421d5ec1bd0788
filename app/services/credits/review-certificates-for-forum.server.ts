import type { Prisma } from '~/generated/prisma/client.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import type { CreditComputeOptions, CreditSnapshot } from './compute-registration-credit.server.ts'
import { computeSnapshot } from './issue-certificate.server.ts'

const same = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 0.005

/**
 * After a forum's times changed (staff confirmed or corrected them, or the live-status log
 * moved on after issue), every valid current certificate whose rule covers the forum is
 * recomputed from the ledger. One whose figure would differ (attended minutes, credits or
 * eligibility) is flagged for staff review with both figures in the audit log; the
 * certificate itself, its credits and its code are never changed here (issue 14).
 */
export async function reviewCertificatesForForum(db: Db, forumId: string, ctx: AuditContext = {}, now = new Date()) {
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { eventId: true, sessions: { select: { id: true } } } })
  if (!forum) return { checked: 0, flagged: 0 }
  const where: Prisma.CertificateWhereInput = {
    eventId: forum.eventId,
    status: 'VALID',
    current: true,
    reviewFlaggedAt: null,
    rule: { OR: [{ forumId: null, sessionId: null }, { forumId }, { sessionId: { in: forum.sessions.map((s) => s.id) } }] },
  }
  const certificates = await db.certificate.findMany({ where, select: { id: true, userId: true, registrationId: true, holderName: true, criteria: true, rule: true } })
  const scopeCache: CreditComputeOptions['scopeCache'] = new Map()
  let flagged = 0
  for (const c of certificates) {
    const before = c.criteria as unknown as CreditSnapshot
    const after = await computeSnapshot(db, c.rule, { userId: c.userId, registrationId: c.registrationId, realName: c.holderName }, now, scopeCache)
    const unchanged = same(before.result?.attendedMinutes, after.result.attendedMinutes) && same(before.result?.credits, after.result.credits) && before.result?.eligible === after.result.eligible
    if (unchanged) continue
    await db.$transaction(async (tx) => {
      await tx.certificate.update({ where: { id: c.id }, data: { reviewFlaggedAt: now, reviewReason: 'forum_times_changed' } })
      await writeAudit(
        tx,
        'certificate.flagged_for_review',
        {
          certificateId: c.id,
          forumId,
          reason: 'forum_times_changed',
          before: { attendedMinutes: before.result?.attendedMinutes ?? null, credits: before.result?.credits ?? null, eligible: before.result?.eligible ?? null },
          after: { attendedMinutes: after.result.attendedMinutes, credits: after.result.credits, eligible: after.result.eligible },
        },
        ctx,
      )
    })
    flagged++
  }
  if (flagged) logger.info({ forumId, checked: certificates.length, flagged }, 'certificates flagged for review')
  return { checked: certificates.length, flagged }
}

/** How many of a forum's event's certificates wait for review after a times change. */
export function countCertificatesToReview(db: Db, eventId: string) {
  return db.certificate.count({ where: { eventId, status: 'VALID', current: true, reviewFlaggedAt: { not: null } } })
}
