import { explainCredit, type ExplanationPart } from '~/domain/credit-explanation.ts'
import { summariseTranscript, yearOf } from '~/domain/transcript.ts'
import type { Db } from '~/utils/db.server.ts'
import { getCertificateQueue } from '~/services/credits/certificate-queue.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { computeRegistrationCredit } from './compute-registration-credit.server.ts'
import { ruleHasEnded } from './evaluate-registration-credits.server.ts'

/**
 * The attendee's credit area: for each confirmed registration, each attendee rule with the
 * explanation of its criteria, every certificate the person holds, and when they consented
 * to their credits being reported (null: not). A rule that is met but has no certificate yet
 * is handed to the job queue (it issues within seconds).
 */
export async function getMyCredits(db: Db, userId: string, now = new Date()) {
  const consent = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { creditReportingConsentAt: true } })
  const registrations = await db.registration.findMany({
    where: { userId, status: 'CONFIRMED' },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      event: {
        select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true, creditRules: { where: { active: true, audience: 'ATTENDEE' }, orderBy: { createdAt: 'asc' } } },
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
      code: true,
      current: true,
      event: { select: { titleZh: true, titleEn: true, timeZone: true } },
      rule: { select: { nameZh: true, nameEn: true, scheme: true } },
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
    }[] = []
    for (const rule of r.event.creditRules) {
      const snapshot = await computeRegistrationCredit(db, rule, r.id, now)
      const final = await ruleHasEnded(db, rule, now)
      const certificate = certificates.find((c) => c.ruleId === rule.id && c.current)
      const issuing = !certificate && final && rule.autoIssue && snapshot.result.eligible
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
      })
    }
    events.push({ registrationId: r.id, event: { titleZh: r.event.titleZh, titleEn: r.event.titleEn, startsAt: r.event.startsAt, endsAt: r.event.endsAt, timeZone: r.event.timeZone }, rules })
  }
  return { events, certificates, consentAt: consent.creditReportingConsentAt }
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
      event: { select: { titleZh: true, titleEn: true, timeZone: true } },
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
