import { recheckMemberNumber } from '~/domain/tier-eligibility.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { decideTierEvidenceInTx } from './decide-tier-evidence.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type MemberRecheckResult = { approved: number; waiting: number }

/**
 * After staff upload or replace an event's member list, in the same transaction: every
 * member-price registration whose number waits for staff (evidence PENDING, awaiting approval
 * or on the waiting list) is checked again against the new list (recheckMemberNumber, the
 * registration rule). A match is approved as staff would approve it (decideTierEvidenceInTx:
 * audited as via the member list, the attendee told what comes next, or confirmed with its
 * mail when nothing is owed); the rest keep waiting with the reason the new list gives. Numbers
 * approved earlier are not read: a number removed from the list never revokes a registration.
 */
export async function recheckMemberEvidence(tx: Tx, eventId: string, ctx: AuditContext, now: Date): Promise<MemberRecheckResult> {
  const waiting = await tx.registration.findMany({
    where: { eventId, tier: 'MEMBER', tierEvidence: 'PENDING', memberNumber: { not: null }, status: { in: ['PENDING_APPROVAL', 'WAITLISTED'] } },
    include: { ticketType: true, user: { select: { realName: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  if (waiting.length === 0) return { approved: 0, waiting: 0 }
  const numbers = [...new Set(waiting.map((r) => r.memberNumber!))]
  // One after the other: a transaction's queries share its connection.
  const listSize = await tx.eventMember.count({ where: { eventId } })
  const listed = await tx.eventMember.findMany({ where: { eventId, number: { in: numbers } }, select: { number: true, name: true } })
  // Who holds each number, as checkEvidence counts it at registration: active registrations of the event.
  const holders = await tx.registration.findMany({ where: { eventId, memberNumber: { in: numbers }, status: { notIn: ['CANCELLED', 'REJECTED'] } }, select: { memberNumber: true, userId: true } })
  const nameOf = new Map(listed.map((m) => [m.number, m.name]))
  const usersOf = new Map<string, Set<string>>()
  for (const h of holders) usersOf.set(h.memberNumber!, (usersOf.get(h.memberNumber!) ?? new Set()).add(h.userId))

  let approved = 0
  for (const { user, ...reg } of waiting) {
    const number = reg.memberNumber!
    const check = recheckMemberNumber({
      memberNumber: number,
      listSize,
      listedName: nameOf.get(number) ?? null,
      realName: user.realName,
      usedByAnother: [...(usersOf.get(number) ?? [])].some((id) => id !== reg.userId),
    })
    if (check.kind === 'approve') {
      await decideTierEvidenceInTx(tx, reg, 'approve', ctx, now, 'member_list')
      approved++
    } else if (check.reason !== reg.tierReviewReason) {
      // The queue shows why it still waits, as the new list has it.
      await tx.registration.updateMany({ where: { id: reg.id, tierEvidence: 'PENDING' }, data: { tierReviewReason: check.reason } })
    }
  }
  return { approved, waiting: waiting.length - approved }
}
