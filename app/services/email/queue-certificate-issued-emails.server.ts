import { emailPriority } from '~/domain/email.ts'
import { certificateDedupeKey, renderCertificateIssuedEmail } from '~/domain/automatic-mails.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { emailConfigured } from './mailer.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

const PAGE = 1000
/** At most this many pages a pass: a batch of 52,000 certificates is mailed over a few minutes. */
const MAX_PAGES = 10
/** Certificates issued longer ago are not announced any more (a switch turned on late). */
const ANNOUNCE_WITHIN_MS = 2 * 24 * 3_600_000

/**
 * "Your certificate is issued", with the link to the credits page, for every valid current
 * certificate issued in the last two days of an event that has it switched on
 * (mailCertificateIssued) and not yet mailed: a certificate's mail is unique by its dedupe key,
 * and the look-up skips those already queued, so however the certificate was issued
 * (automatically, in a batch, by staff) it is mailed once. Returns how many were queued.
 */
export async function queueCertificateIssuedEmails(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ANNOUNCE_WITHIN_MS)
  let queued = 0
  for (let page = 0; page < MAX_PAGES; page++) {
    const pending = await db.$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Certificate" c JOIN "Event" e ON e."id" = c."eventId"
      WHERE c."issuedAt" >= ${since} AND c."status" = 'VALID' AND c."current" = true AND e."mailCertificateIssued"
        AND NOT EXISTS (SELECT 1 FROM "EmailMessage" m WHERE m."dedupeKey" = 'certificate_issued:' || c."id")
      ORDER BY c."issuedAt", c."id" LIMIT ${PAGE}`
    if (pending.length === 0) break
    const certificates = await db.certificate.findMany({
      where: { id: { in: pending.map((p) => p.id) } },
      select: {
        id: true,
        credits: true,
        rule: { select: { nameZh: true, nameEn: true } },
        event: { select: { titleZh: true, titleEn: true } },
        user: { select: { id: true, email: true, realName: true, locale: true } },
      },
    })
    const base = publicBaseUrl()
    const result = await db.emailMessage.createMany({
      data: certificates.map((c) => {
        const locale = fromDbLocale(c.user.locale)
        const message = renderCertificateIssuedEmail((key, values) => translate(locale, key, values), {
          realName: c.user.realName,
          eventTitle: localized(locale, c.event.titleZh, c.event.titleEn),
          ruleName: localized(locale, c.rule.nameZh, c.rule.nameEn),
          credits: String(c.credits),
          creditsUrl: `${base}/me/credits`,
        })
        return {
          dedupeKey: certificateDedupeKey(c.id),
          kind: 'certificate_issued',
          priority: emailPriority('certificate_issued'),
          toAddress: c.user.email,
          userId: c.user.id,
          locale: c.user.locale,
          ...message,
          status: emailConfigured() ? ('QUEUED' as const) : ('OUTBOX' as const),
        }
      }),
      skipDuplicates: true,
    })
    queued += result.count
    if (pending.length < PAGE) break
  }
  return queued
}
