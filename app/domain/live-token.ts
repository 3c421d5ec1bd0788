import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The join token for a forum's live stage: `L1.<claims, base64url JSON>.<MAC>`. The app
 * signs it for one forum and one role after checking the registration, the stage
 * invitation or the moderator assignment; the media server only verifies it, so it never
 * needs the database. Short-lived: the player fetches a fresh one for every (re)connect.
 * The MAC is HMAC-SHA256 (truncated to 128 bits) over a domain-separated string, so the
 * same secret may also sign ticket codes without one being taken for the other.
 * Pure: the secret and the time are parameters.
 */
export const LIVE_ROLES = ['viewer', 'speaker', 'moderator'] as const
export type LiveRole = (typeof LIVE_ROLES)[number]
export const LIVE_STATUSES = ['OFFLINE', 'LIVE', 'PAUSED', 'ENDED'] as const
export type LiveStatus = (typeof LIVE_STATUSES)[number]

export type LiveTokenClaims = {
  forumId: string
  userId: string
  role: LiveRole
  /** Shown on stage lists; only stage roles need it, viewers carry an empty string. */
  name: string
  /** The forum's live status when the token was issued (the room trusts the newest it hears of). */
  status: LiveStatus
  /** Issued at and expiry, in seconds since the epoch. */
  iat: number
  exp: number
}

const PREFIX = 'L1'
const ID = /^[A-Za-z0-9_-]{1,64}$/

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`live:v1:${body}`).digest().subarray(0, 16).toString('base64url')
}

export function signLiveToken(secret: string, claims: LiveTokenClaims): string {
  if (!ID.test(claims.forumId) || !ID.test(claims.userId)) throw new Error('forumId and userId must be ids')
  const body = Buffer.from(JSON.stringify([claims.forumId, claims.userId, claims.role, claims.name, claims.status, claims.iat, claims.exp])).toString('base64url')
  return `${PREFIX}.${body}.${mac(secret, body)}`
}

export type LiveTokenCheck = { ok: true; claims: LiveTokenClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' }

/** The claims of a genuine, unexpired token; a reason otherwise. `now` is in seconds. */
export function verifyLiveToken(secret: string, token: string, now: number): LiveTokenCheck {
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || parts[1].length > 2048) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(mac(secret, parts[1]))
  const given = Buffer.from(parts[2]!)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' }
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (!Array.isArray(raw) || raw.length !== 7) return { ok: false, reason: 'malformed' }
  const [forumId, userId, role, name, status, iat, exp] = raw as unknown[]
  if (
    typeof forumId !== 'string' ||
    typeof userId !== 'string' ||
    !LIVE_ROLES.includes(role as LiveRole) ||
    typeof name !== 'string' ||
    !LIVE_STATUSES.includes(status as LiveStatus) ||
    !Number.isInteger(iat) ||
    !Number.isInteger(exp)
  ) {
    return { ok: false, reason: 'malformed' }
  }
  if ((exp as number) <= now) return { ok: false, reason: 'expired' }
  return { ok: true, claims: { forumId, userId, role: role as LiveRole, name, status: status as LiveStatus, iat: iat as number, exp: exp as number } }
}
