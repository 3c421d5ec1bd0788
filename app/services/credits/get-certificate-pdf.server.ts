import { certificateNumberOf } from '~/domain/certificate-number.ts'
import { projectNumberLine } from '~/domain/certificate-text.ts'
import { SCHEME_LABELS, formatDateRange } from '~/domain/credit-labels.ts'
import { dayKey } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import { renderCertificatePdf, type CertificatePage } from '~/services/credits/certificate-pdf.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { certificateIssuer, issuerSelect } from '~/services/credits/certificate-issuer.server.ts'
import { loadCertificateArtwork } from './get-certificate-artwork.server.ts'

/** The page data of one certificate, with its issuer's artwork; `userId` restricts it to its holder (staff pass none). */
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
      event: { select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true, ...issuerSelect } },
      rule: { select: { scheme: true, projectNumber: true, projectLevel: true } },
    },
  })
  if (!c) throw new AppError('not_found', 'No such certificate')
  const dates = formatDateRange(c.event.startsAt, c.event.endsAt, c.event.timeZone)
  return {
    ...certificateIssuer(c.event),
    holderName: c.holderName,
    activityZh: c.event.titleZh,
    activityEn: c.event.titleEn,
    datesZh: dates.zh,
    datesEn: dates.en,
    schemeZh: SCHEME_LABELS[c.rule.scheme].zh,
    schemeEn: SCHEME_LABELS[c.rule.scheme].en,
    project: projectNumberLine(c.rule.projectNumber, c.rule.projectLevel),
    credits: c.credits,
    issuedOn: dayKey(c.issuedAt, c.event.timeZone),
    certificateNumber: certificateNumberOf(c.id),
    status: c.status,
    verifyUrl: `${options.origin}/verify/${c.code}`,
    artwork: await loadCertificateArtwork(db, c.event.id),
  }
}

export async function getCertificatePdf(db: Db, certificateId: string, options: { userId?: string; origin: string }) {
  const page = await getCertificatePage(db, certificateId, options)
  return { filename: `certificate-${certificateId}.pdf`, body: await renderCertificatePdf(page) }
}
