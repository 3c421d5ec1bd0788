import { createHash, sign, verify, type KeyObject } from 'node:crypto'

/**
 * The code in a certificate's QR (`/verify/<code>`): a compact payload signed with Ed25519,
 * so anyone holding the published public key can check a certificate offline, from the QR
 * alone (docs/certificate-verification.md walks through it). Pure: keys come in as
 * parameters; no clock, no I/O.
 *
 * Layout of version 1 (all integers big-endian):
 *
 *   code    = "C1." + base64url(payload ‖ signature)            (no padding)
 *   payload = 0x01                                               version byte
 *             len:u8 ‖ certificateId:UTF-8                       1–255 bytes
 *             creditsHundredths:u32                              credits × 100
 *             issuedDay:u32                                      the issue date (on the event's calendar) as days since 1970-01-01
 *             nameHash:16 bytes                                  first 128 bits of SHA-256(normalised name)
 *   signature = Ed25519(privateKey, payload)                     64 bytes
 *
 * Unguessable: without the private key nobody can produce a signature that verifies, and
 * the certificate id inside is a random cuid. Tampering with any character fails: the
 * signature covers every payload byte, and a code is accepted only in its one canonical
 * base64url spelling (so the spare bits of the last character cannot be flipped either).
 */
export const CERTIFICATE_CODE_PREFIX = 'C1.'
const VERSION = 1
const NAME_HASH_BYTES = 16
const SIGNATURE_BYTES = 64
const MS_PER_DAY = 86_400_000

export type CertificatePayload = {
  version: 1
  certificateId: string
  /** Credits, at most 2 decimals (stored as hundredths). */
  credits: number
  /** Day of issue, YYYY-MM-DD, as the event's calendar has it (counted as days since 1970-01-01). */
  issuedOn: string
  /** Hex of the first 128 bits of SHA-256 of the holder's normalised real name. */
  nameHash: string
}

/**
 * The holder's real name as it is hashed: Unicode NFKC (full-width letters and digits
 * become ASCII, compatibility ideographs become unified ones), leading and trailing
 * white space removed, every run of inner white space (including the ideographic space
 * U+3000) replaced by one U+0020, then lower-cased without locale rules. So "ＬＩ　Ｌｅｉ "
 * and "li lei" hash alike, and 张 三 keeps its one space.
 */
export function normaliseHolderName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

/** Hex of the first 128 bits of SHA-256 over the UTF-8 bytes of the normalised name. */
export function hashHolderName(name: string): string {
  return createHash('sha256').update(normaliseHolderName(name), 'utf8').digest().subarray(0, NAME_HASH_BYTES).toString('hex')
}

/** Signs a payload into a QR code string. Throws a RangeError on values the layout cannot carry. */
export function createCertificateCode(privateKey: KeyObject, payload: Omit<CertificatePayload, 'version'>): string {
  const bytes = encodePayload(payload)
  const signature = sign(null, bytes, privateKey)
  return CERTIFICATE_CODE_PREFIX + Buffer.concat([bytes, signature]).toString('base64url')
}

/** The payload when `code` is a well-formed version-1 code whose signature verifies; otherwise null. Never throws. */
export function verifyCertificateCode(publicKey: KeyObject, code: string): CertificatePayload | null {
  if (typeof code !== 'string' || !code.startsWith(CERTIFICATE_CODE_PREFIX) || code.length > 600) return null
  const body = code.slice(CERTIFICATE_CODE_PREFIX.length)
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null
  const raw = Buffer.from(body, 'base64url')
  if (raw.toString('base64url') !== body) return null // one canonical spelling only
  if (raw.length <= SIGNATURE_BYTES) return null
  const bytes = raw.subarray(0, raw.length - SIGNATURE_BYTES)
  const signature = raw.subarray(raw.length - SIGNATURE_BYTES)
  let ok = false
  try {
    ok = verify(null, bytes, publicKey, signature)
  } catch {
    return null
  }
  if (!ok) return null
  return decodePayload(bytes)
}

/** Checks a name against a verified payload: the offline "is this the person in front of me?". */
export function nameMatches(payload: CertificatePayload, name: string): boolean {
  return payload.nameHash === hashHolderName(name)
}

function encodePayload(payload: Omit<CertificatePayload, 'version'>): Buffer {
  const id = Buffer.from(payload.certificateId, 'utf8')
  if (id.length < 1 || id.length > 255) throw new RangeError('certificate id must be 1–255 bytes')
  const hundredths = Math.round(payload.credits * 100)
  if (!Number.isFinite(payload.credits) || hundredths < 0 || hundredths > 0xffffffff || Math.abs(hundredths - payload.credits * 100) > 1e-6) {
    throw new RangeError('credits must be a non-negative number with at most 2 decimals')
  }
  const day = parseDay(payload.issuedOn)
  if (!/^[0-9a-f]{32}$/.test(payload.nameHash)) throw new RangeError('name hash must be 32 lower-case hex digits')
  const out = Buffer.alloc(1 + 1 + id.length + 4 + 4 + NAME_HASH_BYTES)
  let at = 0
  out.writeUInt8(VERSION, at++)
  out.writeUInt8(id.length, at++)
  id.copy(out, at)
  at += id.length
  out.writeUInt32BE(hundredths, at)
  at += 4
  out.writeUInt32BE(day, at)
  at += 4
  Buffer.from(payload.nameHash, 'hex').copy(out, at)
  return out
}

function decodePayload(bytes: Buffer): CertificatePayload | null {
  if (bytes.length < 2 || bytes[0] !== VERSION) return null
  const idLength = bytes[1]!
  if (bytes.length !== 2 + idLength + 8 + NAME_HASH_BYTES || idLength === 0) return null
  const certificateId = bytes.subarray(2, 2 + idLength).toString('utf8')
  const hundredths = bytes.readUInt32BE(2 + idLength)
  const day = bytes.readUInt32BE(6 + idLength)
  const nameHash = bytes.subarray(10 + idLength).toString('hex')
  return { version: 1, certificateId, credits: hundredths / 100, issuedOn: new Date(day * MS_PER_DAY).toISOString().slice(0, 10), nameHash }
}

function parseDay(isoDay: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) throw new RangeError('issuedOn must be YYYY-MM-DD')
  const ms = Date.parse(`${isoDay}T00:00:00Z`)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDay || ms < 0) throw new RangeError('issuedOn must be a real day')
  return ms / MS_PER_DAY
}
