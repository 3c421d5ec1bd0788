import { explainCredit, type ExplanationPart } from '~/domain/credit-explanation.ts'
import { creditStanding, type CreditStanding } from '~/domain/credit-standing.ts'
import { summariseTranscript, yearOf } from '~/domain/transcript.ts'
import type { Db } from '~/utils/db.server.ts'
import { getCertificateQueue } from '~/services/credits/certificate-queue.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { computeRegistrationCredit } from './compute-registration-credit.server.ts'
import { ruleHasEnded } from './evaluate-registration-credits.server.ts'

/**
 * The attendee's credit area: for each confirmed registration, each attendee rule with the
 * explanation of its criteria and where the person stands (app/domain/credit-standing.ts),
 * every certificate the person holds, when they consented to their credits being reported
 * (null: not) and whether an AMA PRA rule applies to them at all (`amaApplies`: only then is
 * the consent asked). A rule that is met but has no certificate yet is handed to the job
 * queue (it issues within seconds; the page polls meanwhile).
 */
export async function getMyCredits(db: Db, userId: string, now = new Date()) {
  const consent = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { creditReportingConsentAt: true } })
  const registrations = await db.registration.findMany({
    where: { userId, status: 'CONFIRMED' },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      event: {
        select: {
          id: true,
          titleZh: true,
          titleEn: true,
          startsAt: true,
          endsAt: true,
          timeZone: true,
          // Switched-off rules too when the person holds a certificate under one: the page says so.
          creditRules: { where: { audience: 'ATTENDEE', OR: [{ active: true }, { certificates: { some: { userId } } }] }, orderBy: { createdAt: 'asc' } },
        },
      },
    },
  })
  const certificates = await db.certificate.findMany({
    where: { userId },
    orderBy: { issuedAt: 'desc' },
    select: {
      id: true,
      ruleId: true,
      version: true,
      status: true,
      credits: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      supersededAt: true,
      supersededBy: { select: { code: true, version: true } },
      code: true,
      current: true,
      event: { select: { titleZh: true, titleEn: true, timeZone: true } },
      rule: { select: { nameZh: true, nameEn: true, scheme: true, active: true } },
    },
  })
  const events = []
  for (const r of registrations) {
    const rules: {
      id: string
      nameZh: string
      nameEn: string
      scheme: string
      explanation: ExplanationPart[]
      eligible: boolean
      credits: number
      final: boolean
      certificateId: string | null
      issuing: boolean
      standing: CreditStanding
    }[] = []
    for (const rule of r.event.creditRules) {
      const snapshot = await computeRegistrationCredit(db, rule, r.id, now)
      const final = await ruleHasEnded(db, rule, now)
      const certificate = certificates.find((c) => c.ruleId === rule.id && c.current)
      const standing = creditStanding({
        ruleActive: rule.active,
        autoIssue: rule.autoIssue,
        final,
        eligible: snapshot.result.eligible,
        credits: snapshot.result.credits,
        certificate: certificate ? { ...certificate, issuedAt: certificate.issuedAt.toISOString(), revokedAt: certificate.revokedAt?.toISOString() ?? null } : null,
      })
      const issuing = standing.kind === 'issuing'
      if (issuing) {
        await getCertificateQueue()
          ?.enqueueEvaluation(r.id)
          .catch((error) => logger.warn({ err: error, registrationId: r.id }, 'could not enqueue credit evaluation'))
      }
      rules.push({
        id: rule.id,
        nameZh: rule.nameZh,
        nameEn: rule.nameEn,
        scheme: rule.scheme,
        explanation: explainCredit(snapshot.result),
        eligible: snapshot.result.eligible,
        credits: snapshot.result.credits,
        final,
        certificateId: certificate?.id ?? null,
        issuing,
        standing,
      })
    }
    events.push({ registrationId: r.id, event: { titleZh: r.event.titleZh, titleEn: r.event.titleEn, startsAt: r.event.startsAt, endsAt: r.event.endsAt, timeZone: r.event.timeZone }, rules })
  }
  // The ACCME PARS consent matters only to someone an AMA PRA rule applies to.
  const amaApplies =
    registrations.some((r) => r.event.creditRules.some((rule) => rule.active && rule.scheme === 'AMA_PRA_CAT1')) || certificates.some((c) => c.status === 'VALID' && c.rule.scheme === 'AMA_PRA_CAT1')
  return { events, certificates, consentAt: consent.creditReportingConsentAt, amaApplies }
}

/** The yearly transcript of one person (page and PDF). */
export async function getTranscript(db: Db, userId: string, year: number) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { realName: true, institution: true, licenseId: true } })
  const certificates = await db.certificate.findMany({
    where: { userId },
    select: {
      id: true,
      credits: true,
      status: true,
      issuedAt: true,
      event: { select: { titleZh: true, titleEn: true, timeZone: true, startsAt: true, endsAt: true } },
      rule: { select: { scheme: true, projectNumber: true, projectLevel: true, nameZh: true, nameEn: true } },
    },
  })
  const years = [...new Set(certificates.map((c) => yearOf(c.issuedAt.toISOString())))].sort((a, b) => b - a)
  const transcript = summariseTranscript(
    certificates.map((c) => ({ ...c, scheme: c.rule.scheme, issuedAt: c.issuedAt.toISOString() })),
    year,
  )
  return { user, years, transcript }
}
