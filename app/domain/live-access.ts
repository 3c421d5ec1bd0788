import { LIVE_ROLES, type LiveRole } from './live-token.ts'

/**
 * Who keeps a live connection, decided without I/O. The live namespaces admit a socket
 * with a join token, but a token outlives the registration or the role it was signed for:
 * these rules say what a (re)connect is still worth once the database has been asked again.
 */

/** Open sockets one person may hold in one namespace (a phone, a laptop, a few tabs). */
export const MAX_SOCKETS_PER_USER = 5
/** Handshakes one join token may make in a minute (a player reconnects a few times at most). */
export const HANDSHAKES_PER_TOKEN_PER_MINUTE = 30

/**
 * The role a socket gets: the token's role, narrowed to what the person holds now. A
 * moderator taken off the forum who is still registered comes back as a viewer; someone
 * invited on stage since the token was signed stays a viewer until they fetch a new token.
 * Null: no access left (refuse the socket).
 */
export function narrowLiveRole(tokenRole: LiveRole, current: LiveRole | null): LiveRole | null {
  if (current === null) return null
  return LIVE_ROLES.indexOf(current) < LIVE_ROLES.indexOf(tokenRole) ? current : tokenRole
}

/**
 * Whether a token was signed before a revocation at `revokedAtMs` (of the same person,
 * forum and role) and so is void. `iat` is in whole seconds: a token signed in the same
 * second as the revocation is left to the database check.
 */
export function voidedByRevocation(iatSec: number, revokedAtMs: number | undefined): boolean {
  if (revokedAtMs === undefined) return false
  return iatSec < Math.floor(revokedAtMs / 1000)
}

/**
 * Whether a socket.io handshake's Origin header may open a connection. With a public URL
 * the origin must be exactly that URL's origin. Without one, the page must come from the
 * host the request was sent to (`Host`), or, for a media server on its own port, from the
 * same host name on any port. No Origin at all is allowed: browsers send one on every
 * cross-origin request (and on every WebSocket handshake), so its absence means the same
 * page or a client that is not a browser — which still needs a join token or a login
 * cookie of its own, and could forge any Origin anyway.
 */
export function isAllowedOrigin(origin: string | undefined, request: { host: string | undefined; publicUrl: string | undefined; anyPort?: boolean }): boolean {
  if (origin === undefined || origin === '') return true
  let from: URL
  try {
    from = new URL(origin)
  } catch {
    return false
  }
  if (from.protocol !== 'http:' && from.protocol !== 'https:') return false
  if (request.publicUrl) {
    try {
      return from.origin === new URL(request.publicUrl).origin
    } catch {
      return false
    }
  }
  if (!request.host) return false
  let to: URL
  try {
    to = new URL(`${from.protocol}//${request.host}`)
  } catch {
    return false
  }
  return request.anyPort ? from.hostname === to.hostname : from.host === to.host
}
