import { fromDbLocale, localized } from '~/domain/locale.ts'
import { priceFor, type RegistrationStatus } from '~/domain/registration.ts'
import { decideEvidence, renderTierApprovedEmail, renderTierRejectedEmail, type EvidenceDecision } from '~/domain/tier-eligibility.ts'
import { translate } from '~/i18n/i18n.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl, queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { releaseSeatAndPromote } from './cancel-registration.server.ts'
import { RUSH_TRANSACTION } from './register-for-event.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type TierEvidenceResult = { registrationId: string; decision: EvidenceDecision; changed: boolean; status: RegistrationStatus; amount: number }

/** A registration as a decision reads it: the row and its ticket type. */
export type EvidenceRegistration = Prisma.RegistrationGetPayload<{ include: { ticketType: true } }>

/**
 * Staff decide a registration's member or student evidence (app/domain/tier-eligibility.ts
 * decideEvidence): approve keeps the reduced price, convert moves it to the full price (the
 * price of its ticket's non-member tier when it registered, early-bird included), reject
 * cancels it as REJECTED, frees the seat for the waiting list and writes the attendee an
 * email in their language. One transaction, audited; a repeated decision changes nothing.
 */
export async function decideTierEvidence(db: Db, input: { eventId: string; registrationId: string; decision: EvidenceDecision }, ctx: AuditContext, now = new Date()): Promise<TierEvidenceResult> {
  const outcome = await db.$transaction(async (tx) => {
    const reg = await tx.registration.findFirst({ where: { id: input.registrationId, eventId: input.eventId }, include: { ticketType: true } })
    if (!reg) throw new AppError('not_found', 'No such registration')
    return decideTierEvidenceInTx(tx, reg, input.decision, ctx, now)
  }, RUSH_TRANSACTION)
  if (outcome.result.changed && outcome.result.status === 'REJECTED') announceAccessRevoked({ kind: 'registration', userId: outcome.userId, eventId: input.eventId, reason: 'rejected' })
  logger.info({ registrationId: outcome.result.registrationId, decision: input.decision, changed: outcome.result.changed, status: outcome.result.status }, 'tier evidence decided')
  return outcome.result
}

/**
 * One evidence decision in the caller's transaction, on the registration as the caller read it:
 * by staff, or by a new member list that now lists the number (`via: 'member_list'`, named in
 * the audit). After an approval the attendee is told what comes next (pay, the ticket's own
 * approval, or the waiting list), or gets the confirmation when nothing is owed. The caller
 * announces a rejection's revoked access after its commit.
 */
export async function decideTierEvidenceInTx(tx: Tx, reg: EvidenceRegistration, decision: EvidenceDecision, ctx: AuditContext, now: Date, via: 'staff' | 'member_list' = 'staff') {
  const full = priceFor(reg.ticketType, 'NON_MEMBER', reg.createdAt).amount
  const decided = decideEvidence({ evidence: reg.tierEvidence, status: reg.status, requiresApproval: reg.ticketType.requiresApproval }, decision, { reduced: reg.amount, full })
  if (decided.kind === 'unchanged') return { result: { registrationId: reg.id, decision, changed: false, status: reg.status, amount: reg.amount }, userId: reg.userId }
  if (decided.kind === 'refused') throw new AppError('evidence_not_pending', `The evidence cannot be decided: ${decided.reason}`)

  const amount = decided.tier ? full : reg.amount
  // Only the row as read may change: a concurrent decision or cancellation loses here.
  const { count } = await tx.registration.updateMany({
    where: { id: reg.id, status: reg.status, tierEvidence: 'PENDING' },
    data: {
      tierEvidence: decided.evidence,
      status: decided.status,
      amount,
      ...(decided.tier ? { tier: decided.tier } : {}),
      confirmedAt: decided.status === 'CONFIRMED' ? now : null,
      cancelledAt: decided.status === 'REJECTED' ? now : null,
    },
  })
  if (count !== 1) throw new AppError('conflict', 'Registration changed meanwhile')
  if (decided.releasesSeat) {
    await releaseSeatAndPromote(tx, { ticketTypeId: reg.ticketTypeId, quota: reg.ticketType.quota, requiresApproval: reg.ticketType.requiresApproval, freedBy: reg.id }, ctx, now)
  }
  if (decided.status === 'CONFIRMED') await queueConfirmationEmail(tx, reg.id)
  else if (decided.evidence === 'APPROVED' && (reg.tier === 'MEMBER' || reg.tier === 'STUDENT')) await queueTierApprovedEmail(tx, reg.id, reg.tier, decided.status)
  if (decided.status === 'REJECTED') await queueTierRejectedEmail(tx, reg.id, reg.tier)
  await writeAudit(
    tx,
    `registration.tier_${decided.evidence.toLowerCase()}`,
    { registrationId: reg.id, tier: reg.tier, previousStatus: reg.status, status: decided.status, previousAmount: reg.amount, amount, via },
    ctx,
  )
  return { result: { registrationId: reg.id, decision, changed: true, status: decided.status, amount }, userId: reg.userId }
}

const MAIL_SELECT = {
  id: true,
  createdAt: true,
  user: { select: { id: true, email: true, realName: true, locale: true } },
  event: { select: { slug: true, titleZh: true, titleEn: true } },
} as const

/** "Your member/student price was accepted", with what comes next, in the attendee's language, once per registration. */
async function queueTierApprovedEmail(tx: Tx, registrationId: string, tier: 'MEMBER' | 'STUDENT', status: TierEvidenceResult['status']) {
  const reg = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: MAIL_SELECT })
  const locale = fromDbLocale(reg.user.locale)
  const message = renderTierApprovedEmail((key, values) => translate(locale, key, values), {
    realName: reg.user.realName,
    eventTitle: localized(locale, reg.event.titleZh, reg.event.titleEn),
    tier,
    status,
    ticketUrl: `${publicBaseUrl()}/tickets/${reg.id}`,
  })
  if (!message) return
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `tier_approved:${reg.id}:${reg.createdAt.getTime()}`,
        kind: 'tier_approved',
        toAddress: reg.user.email,
        userId: reg.user.id,
        locale: reg.user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}

/** "Your member/student price was not accepted", in the attendee's language, once per registration. */
async function queueTierRejectedEmail(tx: Tx, registrationId: string, tier: 'MEMBER' | 'STUDENT' | 'NON_MEMBER') {
  const reg = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: MAIL_SELECT })
  const locale = fromDbLocale(reg.user.locale)
  const message = renderTierRejectedEmail((key, values) => translate(locale, key, values), {
    realName: reg.user.realName,
    eventTitle: localized(locale, reg.event.titleZh, reg.event.titleEn),
    tier,
    registerUrl: `${publicBaseUrl()}/events/${reg.event.slug}/register`,
  })
  await tx.emailMessage.createMany({
    data: [
      {
        // Keyed on the registration's creation: registering again and being rejected again mails again.
        dedupeKey: `tier_rejected:${reg.id}:${reg.createdAt.getTime()}`,
        kind: 'tier_rejected',
        toAddress: reg.user.email,
        userId: reg.user.id,
        locale: reg.user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}
