import { createHmac, timingSafeEqual } from 'node:crypto'
import { ID_PATTERN } from './ids.ts'

/**
 * The code inside a ticket's QR: `T1.<registration id>.<MAC>`. It carries no personal data,
 * and without the server's secret it cannot be made from a registration id. The MAC is
 * HMAC-SHA256 truncated to 128 bits, base64url. Pure: the secret is a parameter.
 */
const PREFIX = 'T1'

function mac(secret: string, registrationId: string): string {
  return createHmac('sha256', secret).update(`ticket:v1:${registrationId}`).digest().subarray(0, 16).toString('base64url')
}

export function signTicket(secret: string, registrationId: string): string {
  if (!ID_PATTERN.test(registrationId)) throw new Error('not a registration id')
  return `${PREFIX}.${registrationId}.${mac(secret, registrationId)}`
}

/** The registration id for a genuine code; null for anything forged, truncated or malformed. */
export function verifyTicket(secret: string, code: string): string | null {
  const parts = code.trim().split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX || !ID_PATTERN.test(parts[1]!)) return null
  const expected = Buffer.from(mac(secret, parts[1]!))
  const given = Buffer.from(parts[2]!)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return parts[1]!
}
