import { isMemberNumber, MEMBER_LIST_LIMITS, normalizeMemberNumber, type MemberRow } from '~/domain/tier-eligibility.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { recheckMemberEvidence } from './recheck-member-evidence.server.ts'

/**
 * Replaces an event's member list with the previewed members, in one transaction: the old
 * list is gone and the new one complete, or nothing changed. In the same transaction the
 * member numbers still waiting for staff are checked again against the new list, and those
 * it now lists under the attendee's name are approved (recheckMemberEvidence). Registrations
 * already approved keep their decision, whether or not the new list still holds their number.
 */
export async function replaceMemberList(db: Db, eventId: string, members: MemberRow[], ctx: AuditContext, now = new Date()) {
  if (members.length === 0 || members.length > MEMBER_LIST_LIMITS.rows) throw new AppError('member_list_unreadable', 'The list must hold 1 to 50,000 members')
  const rows = new Map<string, string>()
  for (const m of members) {
    const number = normalizeMemberNumber(m.number)
    const name = m.name.normalize('NFKC').trim()
    // The rows come back from the browser: checked again, never trusted.
    if (!isMemberNumber(number) || !name || name.length > 100 || rows.has(number)) throw new AppError('member_list_unreadable', 'A member row is not valid')
    rows.set(number, name)
  }
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const result = await db.$transaction(
    async (tx) => {
      const { count: previous } = await tx.eventMember.deleteMany({ where: { eventId } })
      const { count } = await tx.eventMember.createMany({ data: [...rows].map(([number, name]) => ({ eventId, number, name })) })
      const rechecked = await recheckMemberEvidence(tx, eventId, ctx, now)
      await writeAudit(tx, 'members.replaced', { eventId, previous, count, rechecked }, ctx)
      return { previous, count, ...rechecked }
    },
    { timeout: 60_000 },
  )
  logger.info({ eventId, ...result }, 'member list replaced')
  return result
}
