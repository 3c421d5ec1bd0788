import { randomBytes } from 'node:crypto'
import { createCertificateCode, hashHolderName } from '~/domain/certificate-code.ts'
import { Prisma, type CertificateStatus, type CreditRule } from '~/generated/prisma/client.ts'
import { dayKey } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import { getCertificateKeys, type CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { computeFacultyCredit, computeRegistrationCredit, type CreditComputeOptions, type CreditSnapshot } from './compute-registration-credit.server.ts'

export type CertificateOverride = { reason: string; credits?: number }
export type IssueCertificateInput = {
  ruleId: string
  /** ATTENDEE rules: the registration. FACULTY rules: optional. */
  registrationId?: string
  /** FACULTY rules: the speaker's account. */
  userId?: string
  /** Staff issue against the computed criteria; the reason goes to the certificate and the audit log. */
  override?: CertificateOverride
  actor?: AuditContext
  now?: Date
  keys?: CertificateKeys
  /** A batch passes the rule it already loaded, a cache of the rule's sessions and the event's time zone. */
  rule?: CreditRule
  scopeCache?: CreditComputeOptions['scopeCache']
  timeZone?: string
}
export type IssueOutcome =
  | { status: 'issued'; certificateId: string; code: string; credits: number }
  | { status: 'exists'; certificateId: string; certificateStatus: CertificateStatus }
  | { status: 'not_eligible'; snapshot: CreditSnapshot }

/** Unguessable, URL-safe, 20 characters: the certificate id inside the signed code. */
export function newCertificateId() {
  return (
    'c' +
    randomBytes(15)
      .toString('base64url')
      .replace(/[-_]/g, (ch) => (ch === '-' ? 'x' : 'y'))
      .toLowerCase()
  )
}

/**
 * Issues a certificate when the rule's criteria are met (or staff override them with a
 * reason). Idempotent: a person has at most one current certificate per rule, enforced by
 * the unique key (ruleId, userId, current), so the job queue and a staff batch racing for
 * the same person issue one. A revoked current certificate is not replaced here; staff
 * re-issue it explicitly.
 */
export async function issueCertificate(db: Db, input: IssueCertificateInput): Promise<IssueOutcome> {
  const now = input.now ?? new Date()
  const rule = input.rule?.id === input.ruleId ? input.rule : await db.creditRule.findUnique({ where: { id: input.ruleId } })
  if (!rule) throw new AppError('not_found', 'No such credit rule')
  const holder = await resolveHolder(db, rule, input)

  const existing = await db.certificate.findFirst({ where: { ruleId: rule.id, userId: holder.userId, current: true }, select: { id: true, status: true } })
  if (existing) return { status: 'exists', certificateId: existing.id, certificateStatus: existing.status }

  const snapshot = await computeSnapshot(db, rule, holder, now, input.scopeCache)
  // Met criteria worth 0 credits (a per-hour rule, nothing attended) earn no certificate either.
  if ((!snapshot.result.eligible || snapshot.result.credits <= 0) && !input.override) return { status: 'not_eligible', snapshot }
  const credits = input.override?.credits ?? snapshot.result.credits
  try {
    const created = await createCertificate(db, { rule, holder, snapshot, credits, version: 1, override: input.override, actor: input.actor, now, keys: input.keys, timeZone: input.timeZone })
    return { status: 'issued', certificateId: created.id, code: created.code, credits }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await db.certificate.findFirst({ where: { ruleId: rule.id, userId: holder.userId, current: true }, select: { id: true, status: true } })
      if (winner) return { status: 'exists', certificateId: winner.id, certificateStatus: winner.status }
    }
    throw error
  }
}

export type Holder = { userId: string; registrationId: string | null; realName: string }

export async function resolveHolder(db: Db, rule: CreditRule, input: { registrationId?: string | null; userId?: string | null }): Promise<Holder> {
  if (input.registrationId) {
    const registration = await db.registration.findFirst({
      where: { id: input.registrationId, eventId: rule.eventId },
      select: { id: true, status: true, user: { select: { id: true, realName: true } } },
    })
    if (!registration) throw new AppError('not_found', 'No such registration for this event')
    if (rule.audience === 'ATTENDEE' && registration.status !== 'CONFIRMED') throw new AppError('credit_criteria_not_met', 'Only confirmed registrations earn credit')
    return { userId: registration.user.id, registrationId: registration.id, realName: registration.user.realName }
  }
  if (rule.audience === 'FACULTY' && input.userId) {
    const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, realName: true, registrations: { where: { eventId: rule.eventId }, select: { id: true } } } })
    if (!user) throw new AppError('not_found', 'No such person')
    return { userId: user.id, registrationId: user.registrations[0]?.id ?? null, realName: user.realName }
  }
  throw new AppError('bad_request', rule.audience === 'FACULTY' ? 'A faculty certificate needs the speaker' : 'An attendee certificate needs a registration')
}

export function computeSnapshot(db: Db, rule: CreditRule, holder: Holder, now: Date, scopeCache?: CreditComputeOptions['scopeCache']): Promise<CreditSnapshot> {
  if (rule.audience === 'FACULTY') return computeFacultyCredit(db, rule, holder.userId, now)
  // resolveHolder has checked that the registration belongs to the rule's event.
  return computeRegistrationCredit(db, rule, holder.registrationId!, now, { registrationChecked: true, scopeCache })
}

/** Writes one certificate version and its audit row in one transaction. */
export async function createCertificate(
  db: Db,
  args: {
    rule: CreditRule
    holder: Holder
    snapshot: CreditSnapshot
    credits: number
    version: number
    override?: CertificateOverride
    actor?: AuditContext
    now: Date
    keys?: CertificateKeys
    supersedesId?: string
    reason?: string
    timeZone?: string
  },
) {
  const keys = args.keys ?? getCertificateKeys()
  const id = newCertificateId()
  const credits = Math.round(args.credits * 100) / 100
  // The day of issue as the event's own calendar has it (a Shanghai morning is still the day before in UTC).
  const timeZone = args.timeZone ?? (await db.event.findUniqueOrThrow({ where: { id: args.rule.eventId }, select: { timeZone: true } })).timeZone
  const code = createCertificateCode(keys.privateKey, { certificateId: id, credits, issuedOn: dayKey(args.now, timeZone), nameHash: hashHolderName(args.holder.realName) })
  const criteria = { ...args.snapshot, ...(args.override ? { override: args.override } : {}) } as unknown as Prisma.InputJsonValue
  const actorId = args.actor?.userId ?? null
  return db.$transaction(async (tx) => {
    if (args.supersedesId) {
      // Release the old version's "current" slot first, so the new one can take it.
      await tx.certificate.update({ where: { id: args.supersedesId }, data: { current: null } })
    }
    const certificate = await tx.certificate.create({
      data: {
        id,
        ruleId: args.rule.id,
        eventId: args.rule.eventId,
        userId: args.holder.userId,
        registrationId: args.holder.registrationId,
        version: args.version,
        code,
        credits,
        holderName: args.holder.realName,
        criteria,
        issuedAt: args.now,
        issuedById: actorId,
        overrideReason: args.override?.reason ?? null,
      },
      select: { id: true, code: true },
    })
    if (args.supersedesId) {
      const old = await tx.certificate.findUniqueOrThrow({ where: { id: args.supersedesId }, select: { status: true } })
      await tx.certificate.update({
        where: { id: args.supersedesId },
        // A revoked certificate stays revoked; it only gains the link to its successor.
        data: { supersededById: certificate.id, supersededAt: args.now, ...(old.status === 'VALID' ? { status: 'SUPERSEDED' } : {}) },
      })
    }
    await writeAudit(
      tx,
      args.supersedesId ? 'certificate.reissued' : args.override ? 'certificate.issued_override' : 'certificate.issued',
      {
        certificateId: certificate.id,
        ruleId: args.rule.id,
        userId: args.holder.userId,
        registrationId: args.holder.registrationId,
        credits,
        version: args.version,
        ...(args.override ? { overrideReason: args.override.reason, computedCredits: args.snapshot.result.credits, eligible: args.snapshot.result.eligible } : {}),
        ...(args.supersedesId ? { supersedes: args.supersedesId, reason: args.reason ?? null } : {}),
      },
      args.actor ?? {},
    )
    logger.info({ certificateId: certificate.id, ruleId: args.rule.id, version: args.version }, 'certificate issued')
    return certificate
  })
}
