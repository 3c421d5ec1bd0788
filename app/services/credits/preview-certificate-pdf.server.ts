import { projectNumberLine } from '~/domain/certificate-text.ts'
import { SCHEME_LABELS, formatDateRange } from '~/domain/credit-labels.ts'
import { dayKey } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { renderCertificatePdf } from './certificate-pdf.server.ts'
import { certificateIssuer, issuerSelect } from './certificate-issuer.server.ts'
import { loadCertificateArtwork } from './get-certificate-artwork.server.ts'

/**
 * A specimen of an event's certificate for staff checking its artwork: the event's title,
 * dates, first attendee rule and issuer, a placeholder holder, and "样本 SPECIMEN" across it.
 * Nothing is issued or stored, and its QR code leads to no certificate.
 */
export async function previewCertificatePdf(db: Db, eventId: string, options: { origin: string; now?: Date }) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      creditRules: { where: { audience: 'ATTENDEE' }, orderBy: { createdAt: 'asc' }, take: 1, select: { scheme: true, credits: true, projectNumber: true, projectLevel: true } },
      ...issuerSelect,
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const rule = event.creditRules[0]
  const scheme = SCHEME_LABELS[rule?.scheme ?? 'CN_CME_CLASS_I']
  const dates = formatDateRange(event.startsAt, event.endsAt, event.timeZone)
  const body = await renderCertificatePdf({
    ...certificateIssuer(event),
    holderName: '张三 · Zhang San',
    activityZh: event.titleZh,
    activityEn: event.titleEn,
    datesZh: dates.zh,
    datesEn: dates.en,
    schemeZh: scheme.zh,
    schemeEn: scheme.en,
    project: projectNumberLine(rule?.projectNumber ?? null, rule?.projectLevel ?? null),
    credits: rule?.credits ?? 1,
    issuedOn: dayKey(options.now ?? new Date(), event.timeZone),
    certificateNumber: 'SPECIMEN',
    status: 'VALID',
    specimen: true,
    verifyUrl: `${options.origin}/verify/SPECIMEN`,
    artwork: await loadCertificateArtwork(db, event.id),
  })
  return { filename: `certificate-specimen-${event.id}.pdf`, body }
}
