import { verifyCertificateCode } from '~/domain/certificate-code.ts'
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
 * whatever the event's state (archived events included). Every look-up is counted.
 */
export async function verifyCertificate(db: Db, code: string, keys: CertificateKeys = getCertificateKeys(), now = new Date()): Promise<VerificationResult> {
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
  await countVerification(db, certificate?.id ?? null, certificate ? certificate.status : 'INVALID', now)
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

/** The key of the shared daily row for codes that match no certificate. */
export const INVALID_SCOPE = 'invalid'

/**
 * The verification log: one row per certificate, outcome and UTC day with a counter, upserted
 * in one statement (INSERT … ON CONFLICT), so concurrent look-ups add up and anonymous traffic
 * adds at most a row per certificate and day, and one per day for all invalid codes.
 */
async function countVerification(db: Db, certificateId: string | null, outcome: VerificationResult['outcome'], now: Date) {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const scope = certificateId ?? INVALID_SCOPE
  await db.certificateVerification.upsert({
    where: { day_scope_outcome: { day, scope, outcome } },
    create: { day, scope, certificateId, outcome, lookups: 1 },
    update: { lookups: { increment: 1 } },
  })
}
