import { verifyCertificateCode } from '~/domain/certificate-code.ts'
import { certificateNumberOf, holderNameMatches, NUMBER_LOOKUP_LIMITS, parseCertificateNumber } from '~/domain/certificate-number.ts'
import { getCertificateKeys, type CertificateKeys } from '~/services/credits/certificate-keys.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit, type RateLimit } from '~/utils/rate-limit.server.ts'
import { certificateIssuer, issuerSelect } from '~/services/credits/certificate-issuer.server.ts'

export type VerifiedCertificate = {
  /** The certificate number (证书编号) as printed. */
  number: string
  holderName: string
  activityZh: string
  activityEn: string
  /** The activity's first and last moments (the event's dates). */
  activityStartsAt: string
  activityEndsAt: string
  ruleZh: string
  ruleEn: string
  credits: number
  scheme: string
  issuedAt: string
  status: 'VALID' | 'REVOKED' | 'SUPERSEDED'
  revokedAt: string | null
  revokedReason: string | null
  supersededAt: string | null
  /** The signed code of the newer version, so the page can link to it. */
  supersededByCode: string | null
  /** The newer version's number. */
  supersededByNumber: string | null
  issuerZh: string
  issuerEn: string
  /** The event's time zone: dates on the page are the event's calendar days. */
  timeZone: string
}
export type VerificationResult = { outcome: 'VALID' | 'REVOKED' | 'SUPERSEDED'; certificate: VerifiedCertificate } | { outcome: 'INVALID'; certificate: null }

const INVALID: VerificationResult = { outcome: 'INVALID', certificate: null }

const certificateSelect = {
  id: true,
  holderName: true,
  credits: true,
  issuedAt: true,
  status: true,
  revokedAt: true,
  revokedReason: true,
  supersededAt: true,
  supersededBy: { select: { id: true, code: true } },
  event: { select: { titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true, ...issuerSelect } },
  rule: { select: { nameZh: true, nameEn: true, scheme: true } },
} as const

/**
 * The public verify page's look-up from the QR code. The signature is checked first (a
 * forged or tampered code never reaches the database query by id), then the stored
 * certificate must carry exactly this code. The signed code stands for the paper itself, so
 * it shows the details without asking for a name (decision 017B). Works whatever the
 * event's state (archived events included). Every look-up is counted.
 */
export async function verifyCertificate(db: Db, code: string, keys: CertificateKeys = getCertificateKeys(), now = new Date()): Promise<VerificationResult> {
  // The current key first, then keys rotated out: their certificates stay valid.
  const payload = [keys.publicKey, ...(keys.retiredPublicKeys ?? [])].reduce<ReturnType<typeof verifyCertificateCode>>((found, key) => found ?? verifyCertificateCode(key, code), null)
  const certificate = payload ? await db.certificate.findFirst({ where: { id: payload.certificateId, code }, select: certificateSelect }) : null
  await countVerification(db, certificate?.id ?? null, certificate ? certificate.status : 'INVALID', now)
  return certificate ? shown(certificate) : INVALID
}

export type NumberLookup = { number: string; name: string }

/**
 * The look-up by the printed number (证书编号) and the holder's name, for whoever types the
 * number from paper. The number is read tolerantly (case, spaces, hyphens, look-alike
 * characters: app/domain/certificate-number.ts); the name must be the holder's full name or
 * family name (`holderNameMatches`). A wrong name gets exactly the answer of a number that
 * does not exist, so numbers cannot be turned into names and statuses.
 *
 * Rate-limited before any look-up (`NUMBER_LOOKUP_LIMITS`): look-ups per client address,
 * failures per address (walking through numbers) and failures per number from all addresses
 * (guessing one number's name). Failures are counted first and given back on success, so a
 * parallel burst cannot slip between a check and a count (`numberLimits`). A refusal is `rate_limited` (429)
 * with `retryAfterMs`. Every answered look-up is counted in the verification log; a wrong
 * name as NAME_MISMATCH against the certificate it was tried on.
 */
export async function verifyCertificateByNumber(db: Db, lookup: NumberLookup, ctx: { ipAddress?: string | null } = {}, now = new Date()): Promise<VerificationResult> {
  const parsed = parseCertificateNumber(lookup.number)
  const address = ctx.ipAddress?.trim() || null
  const limits = numberLimits(db)
  const taken: { limit: RateLimit; key: string }[] = []
  const giveBack = () => Promise.all(taken.map(({ limit, key }) => limit.consume(key, -1)))
  const steps: [RateLimit, string | null, keyof typeof limits][] = [
    [limits.lookupsPerAddress, address, 'lookupsPerAddress'],
    [limits.failuresPerAddress, address, 'failuresPerAddress'],
    [limits.failuresPerNumber, parsed?.key ?? null, 'failuresPerNumber'],
  ]
  for (const [limit, key, scope] of steps) {
    if (key === null) continue
    const result = await limit.consume(key)
    if (!result.allowed) {
      // A refused look-up is no failure: it gives back what it took, its own failure point included.
      if (scope !== 'lookupsPerAddress') taken.push({ limit, key })
      await giveBack()
      // Once per crossing, not per refused attempt: an attack must not flood the log.
      if (result.consumed === NUMBER_LOOKUP_LIMITS[scope] + 1) logger.warn({ scope }, 'certificate look-up by number throttled')
      throw new AppError('rate_limited', 'Too many certificate look-ups; try again later', { retryAfterMs: result.retryAfterMs })
    }
    if (scope !== 'lookupsPerAddress') taken.push({ limit, key })
  }
  const found = parsed ? await certificatesByKey(db, parsed.key) : []
  const certificate = found.find((c) => holderNameMatches(c.holderName, lookup.name)) ?? null
  if (!certificate) {
    // The spelling as typed first: a stray hit on another spelling is still one certificate's guess.
    const tried = found.find((c) => c.id === parsed?.typed) ?? found[0]
    await countVerification(db, tried?.id ?? null, tried ? 'NAME_MISMATCH' : 'INVALID', now)
    return INVALID
  }
  await giveBack()
  await countVerification(db, certificate.id, certificate.status, now)
  return shown(certificate)
}

/**
 * The certificates whose number, look-alikes folded (app/domain/certificate-number.ts
 * `certificateNumberKey`), is the typed one's: the expression index on
 * `translate(id, 'oil', '011')` answers it (migration 20261213010000). Written with literals,
 * not parameters, so a generic plan still matches the index's expression. Random ids of 21
 * characters share a key about never; a few rows at most.
 */
async function certificatesByKey(db: Db, key: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Certificate" WHERE translate(id, 'oil', '011') = ${key} LIMIT 16`
  if (rows.length === 0) return []
  return db.certificate.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: certificateSelect })
}

/**
 * Look-ups per address: a refusal lasts the whole window from the moment the limit is crossed.
 * Failures: counted in a fixed window, with no extra block, and in flight while a look-up runs
 * (counted first, given back on success or refusal), so parallel guesses see each other and
 * exactly the limit's number of wrong answers is ever checked, while right answers in a burst
 * never lock a number for the hour.
 */
function numberLimits(db: Db) {
  const { windowSec } = NUMBER_LOOKUP_LIMITS
  const common = { durationSec: windowSec, scope: 'shared', db } as const
  return {
    lookupsPerAddress: createRateLimit({ name: 'certificate-lookups-address', points: NUMBER_LOOKUP_LIMITS.lookupsPerAddress, blockDurationSec: windowSec, ...common }),
    failuresPerAddress: createRateLimit({ name: 'certificate-lookup-failures-address', points: NUMBER_LOOKUP_LIMITS.failuresPerAddress, ...common }),
    failuresPerNumber: createRateLimit({ name: 'certificate-lookup-failures-number', points: NUMBER_LOOKUP_LIMITS.failuresPerNumber, ...common }),
  }
}

type Row = {
  id: string
  holderName: string
  credits: number
  issuedAt: Date
  status: 'VALID' | 'REVOKED' | 'SUPERSEDED'
  revokedAt: Date | null
  revokedReason: string | null
  supersededAt: Date | null
  supersededBy: { id: string; code: string } | null
  event: { titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; timeZone: string; organisations: { organisation: { nameZh: string; nameEn: string } }[] }
  rule: { nameZh: string; nameEn: string; scheme: string }
}

/** What the page shows: name, activity and its dates, credits, date of issue, status, issuer; nothing else. */
function shown(certificate: Row): VerificationResult {
  return {
    outcome: certificate.status,
    certificate: {
      number: certificateNumberOf(certificate.id),
      holderName: certificate.holderName,
      activityZh: certificate.event.titleZh,
      activityEn: certificate.event.titleEn,
      activityStartsAt: certificate.event.startsAt.toISOString(),
      activityEndsAt: certificate.event.endsAt.toISOString(),
      ruleZh: certificate.rule.nameZh,
      ruleEn: certificate.rule.nameEn,
      credits: certificate.credits,
      scheme: certificate.rule.scheme,
      issuedAt: certificate.issuedAt.toISOString(),
      status: certificate.status,
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
      revokedReason: certificate.status === 'REVOKED' ? certificate.revokedReason : null,
      supersededAt: certificate.supersededAt?.toISOString() ?? null,
      supersededByCode: certificate.supersededBy?.code ?? null,
      supersededByNumber: certificate.supersededBy ? certificateNumberOf(certificate.supersededBy.id) : null,
      ...certificateIssuer(certificate.event),
      timeZone: certificate.event.timeZone,
    },
  }
}

/** The key of the shared daily row for codes that match no certificate. */
export const INVALID_SCOPE = 'invalid'

type LoggedOutcome = 'VALID' | 'REVOKED' | 'SUPERSEDED' | 'INVALID' | 'NAME_MISMATCH'

/**
 * The verification log: one row per certificate, outcome and UTC day with a counter, upserted
 * in one statement (INSERT … ON CONFLICT), so concurrent look-ups add up and anonymous traffic
 * adds at most a row per certificate, outcome and day, and one per day for all invalid codes.
 */
async function countVerification(db: Db, certificateId: string | null, outcome: LoggedOutcome, now: Date) {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const scope = certificateId ?? INVALID_SCOPE
  await db.certificateVerification.upsert({
    where: { day_scope_outcome: { day, scope, outcome } },
    create: { day, scope, certificateId, outcome, lookups: 1 },
    update: { lookups: { increment: 1 } },
  })
}
