import { LEVEL_LABELS, SCHEME_LABELS, formatDateRange } from '~/domain/credit-labels.ts'
import { dayKey } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import { renderCertificatePdf, type CertificatePage } from '~/services/credits/certificate-pdf.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { certificateIssuer, issuerSelect } from '~/services/credits/certificate-issuer.server.ts'

/** The page data of one certificate; `userId` restricts it to its holder (staff pass none). */
export async function getCertificatePage(db: Db, certificateId: string, options: { userId?: string; origin: string }): Promise<CertificatePage> {
  const c = await db.certificate.findFirst({
    where: { id: certificateId, ...(options.userId ? { userId: options.userId } : {}) },
    select: {
      id: true,
      code: true,
      credits: true,
      holderName: true,
      issuedAt: true,
      status: true,
      event: { select: { titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true, ...issuerSelect } },
      rule: { select: { scheme: true, projectNumber: true, projectLevel: true } },
    },
  })
  if (!c) throw new AppError('not_found', 'No such certificate')
  const dates = formatDateRange(c.event.startsAt, c.event.endsAt, c.event.timeZone)
  const level = c.rule.projectLevel ? LEVEL_LABELS[c.rule.projectLevel] : null
  return {
    ...certificateIssuer(c.event),
    holderName: c.holderName,
    activityZh: c.event.titleZh,
    activityEn: c.event.titleEn,
    datesZh: dates.zh,
    datesEn: dates.en,
    schemeZh: SCHEME_LABELS[c.rule.scheme].zh,
    schemeEn: SCHEME_LABELS[c.rule.scheme].en,
    projectNumber: c.rule.projectNumber,
    projectLevelZh: level?.zh ?? null,
    projectLevelEn: level?.en ?? null,
    credits: c.credits,
    issuedOn: dayKey(c.issuedAt, c.event.timeZone),
    certificateNumber: c.id.toUpperCase(),
    status: c.status,
    verifyUrl: `${options.origin}/verify/${c.code}`,
  }
}

export async function getCertificatePdf(db: Db, certificateId: string, options: { userId?: string; origin: string }) {
  const page = await getCertificatePage(db, certificateId, options)
  return { filename: `certificate-${certificateId}.pdf`, body: await renderCertificatePdf(page) }
}
