import { verifyCertificateCode } from '~/domain/certificate-code.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import { getCertificateKeys, type CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { certificateIssuer, issuerSelect } from '~/services/credits/certificate-issuer.server.ts'

export type VerifiedCertificate = {
  holderName: string
  activityZh: string
  activityEn: string
  ruleZh: string
  ruleEn: string
  credits: number
  scheme: string
  issuedAt: string
  status: 'VALID' | 'REVOKED' | 'SUPERSEDED'
  revokedAt: string | null
  supersededAt: string | null
  /** The code of the newer version, so the page can link to it. */
  supersededByCode: string | null
  issuerZh: string
  issuerEn: string
  /** The event's time zone: dates on the page are the event's calendar days. */
  timeZone: string
}
export type VerificationResult = { outcome: 'VALID' | 'REVOKED' | 'SUPERSEDED'; certificate: VerifiedCertificate } | { outcome: 'INVALID'; certificate: null }

/**
 * The public verify page's look-up. The signature is checked first (a forged or tampered
 * code never reaches the database query by id), then the stored certificate must carry
 * exactly this code. Shows only name, activity, credits, date, status and issuer; works
 * whatever the event's state (archived events included). Every look-up is logged.
 */
export async function verifyCertificate(db: Db, code: string, ctx: AuditContext = {}, keys: CertificateKeys = getCertificateKeys()): Promise<VerificationResult> {
  // The current key first, then keys rotated out: their certificates stay valid.
  const payload = [keys.publicKey, ...(keys.retiredPublicKeys ?? [])].reduce<ReturnType<typeof verifyCertificateCode>>((found, key) => found ?? verifyCertificateCode(key, code), null)
  const certificate = payload
    ? await db.certificate.findFirst({
        where: { id: payload.certificateId, code },
        select: {
          id: true,
          holderName: true,
          credits: true,
          issuedAt: true,
          status: true,
          revokedAt: true,
          supersededAt: true,
          supersededBy: { select: { code: true } },
          event: { select: { titleZh: true, titleEn: true, timeZone: true, ...issuerSelect } },
          rule: { select: { nameZh: true, nameEn: true, scheme: true } },
        },
      })
    : null
  const outcome = certificate ? certificate.status : 'INVALID'
  await db.certificateVerification.create({
    // Only printable ASCII is kept: a code is base64url, and PostgreSQL refuses NUL bytes.
    data: { certificateId: certificate?.id ?? null, outcome, code: code.replace(/[^\x21-\x7e]/g, '').slice(0, 200), ipAddress: ctx.ipAddress ?? null, userAgent: ctx.userAgent ?? null },
  })
  if (!certificate) return { outcome: 'INVALID', certificate: null }
  return {
    outcome: certificate.status,
    certificate: {
      holderName: certificate.holderName,
      activityZh: certificate.event.titleZh,
      activityEn: certificate.event.titleEn,
      ruleZh: certificate.rule.nameZh,
      ruleEn: certificate.rule.nameEn,
      credits: certificate.credits,
      scheme: certificate.rule.scheme,
      issuedAt: certificate.issuedAt.toISOString(),
      status: certificate.status,
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
      supersededAt: certificate.supersededAt?.toISOString() ?? null,
      supersededByCode: certificate.supersededBy?.code ?? null,
      ...certificateIssuer(certificate.event),
      timeZone: certificate.event.timeZone,
    },
  }
}
