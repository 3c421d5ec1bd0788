import type { Namespace, Socket } from 'socket.io'
import { HANDSHAKES_PER_TOKEN_PER_MINUTE, MAX_SOCKETS_PER_USER, narrowLiveRole, voidedByRevocation } from '~/domain/live-access.ts'
import { resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { LIVE_ROLES, verifyLiveToken, type LiveRole, type LiveTokenCheck, type LiveTokenClaims } from '~/domain/live-token.ts'
import { translate } from '~/i18n/i18n.ts'
import type { AppErrorCode } from './app-error.ts'
import type { Db } from './db.server.ts'
import { logger } from './logger.server.ts'
import { createRateLimit, type RateLimit } from './rate-limit.server.ts'
import { TtlCache } from './ttl-cache.server.ts'

const log = logger.child({ component: 'live-gate' })

/**
 * Checks the join token a socket brings in `handshake.auth` ({ token, locale }), for the
 * stage's `/media` and the audience's `/interaction` alike. A refusal is an Error whose
 * `data` socket.io hands to the client's `connect_error`, translated.
 */
export function checkLiveHandshake(auth: unknown, secret: string, nowSec: number): { check: LiveTokenCheck; locale: AppLocale; refusal: Error | null } {
  const { token, locale: asked } = (auth ?? {}) as { token?: unknown; locale?: unknown }
  const locale = resolveLocale(typeof asked === 'string' ? asked : null)
  const check: LiveTokenCheck = typeof token === 'string' ? verifyLiveToken(secret, token, nowSec) : { ok: false, reason: 'malformed' }
  if (check.ok) return { check, locale, refusal: null }
  return { check, locale, refusal: handshakeRefusal(locale, 'live_token_invalid') }
}

/** A refused handshake: the client's `connect_error` gets `data: { code, message }`, the message in its language. */
export function handshakeRefusal(locale: AppLocale, code: AppErrorCode): Error {
  const message = translate(locale, `errors.${code}`)
  return Object.assign(new Error(message), { data: { code, message } })
}

/** Every socket of one person in a namespace (across nodes with the Redis adapter): the cap counts them. */
export const userRoom = (userId: string) => `gate-user:${userId}`
/** One person's sockets in one forum with one role: what a revocation disconnects. */
export const roleRoom = (forumId: string, userId: string, role: LiveRole) => `gate-${role}:${forumId}:${userId}`
/** In place of a forum id: every forum (a revocation of the account's own role). */
export const ALL_FORUMS = '*'

/**
 * A limit shared across processes (Redis, else the database), or this process's own when
 * no shared store can be set up here (a media server with neither database nor Redis).
 */
export function sharedOrLocalLimit(opts: { name: string; points: number; durationSec: number }, db?: Db): RateLimit {
  try {
    return createRateLimit({ ...opts, scope: 'shared', ...(db ? { db } : {}) })
  } catch (error) {
    log.warn({ err: error, limit: opts.name }, 'no shared store for this limit; it holds per process')
    return createRateLimit({ ...opts, scope: 'local' })
  }
}

/** Counts against a limit; a store that fails lets the request through (logged), it never fails the socket. */
export async function withinLimit(limit: RateLimit, key: string): Promise<boolean> {
  try {
    return (await limit.consume(key)).allowed
  } catch (error) {
    log.warn({ err: error }, 'rate limit store failed; let through')
    return true
  }
}

/** The sockets in a room on every node; null when the nodes did not all answer in time. */
export async function socketsIn(nsp: Namespace, room: string) {
  try {
    return await nsp.in(room).fetchSockets()
  } catch (error) {
    log.warn({ err: error, room }, 'could not count sockets across nodes')
    return null
  }
}

/**
 * Settles a race of handshakes past the cap: once this socket is in its user room, the
 * sockets beyond the first `max` (oldest first) are the ones too many. Each socket checks
 * itself, so every node reaches the same verdict. Returns whether this one may stay.
 */
export async function withinCap(nsp: Namespace, socket: Socket, room: string, max: number): Promise<boolean> {
  const all = await socketsIn(nsp, room)
  if (!all || all.length <= max) return true
  const order = all.sort((a, b) => a.handshake.issued - b.handshake.issued || (a.id < b.id ? -1 : 1))
  return order.findIndex((s) => s.id === socket.id) < max
}

/** The adapters that keep to this process; their serverSideEmit only logs a warning. */
const LOCAL_ADAPTERS = new Set(['Adapter', 'SessionAwareAdapter'])
/** Whether the namespace's adapter reaches other nodes (the Redis adapter does, the default in-memory one does not). */
export const reachesOtherNodes = (nsp: Namespace) => !LOCAL_ADAPTERS.has(nsp.adapter.constructor.name)

/** The live role a person holds in a forum now, from the database (null: none). */
export type LiveAccessCheck = (claims: LiveTokenClaims) => Promise<LiveRole | null>

/** `forumIds` may be [ALL_FORUMS]: the role is gone in every forum. */
export type LiveRevocation = { userId: string; forumIds: string[]; roles: LiveRole[] }

export type LiveGateOptions = {
  tokenSecret: () => string
  /** Seconds since the epoch. */
  now?: () => number
  /**
   * Asks the database again at every handshake (a token outlives the registration or role
   * it was signed for). Without it (a media server with no database) a token is re-checked
   * only against the revocations this node has heard of.
   */
  checkAccess?: LiveAccessCheck
  /** How long a database answer is reused for the same person and forum; a revocation clears it. */
  accessCacheMs?: number
  maxSocketsPerUser?: number
  /** Handshakes per token; by default HANDSHAKES_PER_TOKEN_PER_MINUTE, shared across processes. */
  handshakes?: RateLimit
  /** The database for the shared handshake limit when REDIS_URL is unset. */
  db?: Db
}

const REVOKED = 'gate:revoked'
/** Revocations are remembered this long: no join token lives longer (MEDIA_TOKEN_TTL_S ≤ 3600). */
const REMEMBER_MS = 3600_000

/**
 * The door of a live namespace (`/media`, `/interaction`). A socket gets in with a genuine,
 * unexpired join token whose access still holds: not voided by a revocation this node has
 * heard of, confirmed by the database (`checkAccess`, briefly cached), within the handshake
 * limit of its token, and below the cap of sockets per person. Once in, it joins its rooms
 * (per person, per forum and role), so `revoke` can disconnect exactly the sockets that
 * lost access, on every node (the adapter carries `disconnectSockets`), and tell the other
 * nodes to drop their cached answers (`serverSideEmit`).
 */
export class LiveGate {
  private readonly revokedAt = new Map<string, number>()
  private readonly access: TtlCache<LiveRole | null>
  private readonly handshakes: RateLimit
  private readonly max: number
  private readonly now: () => number

  constructor(
    readonly nsp: Namespace,
    private readonly options: LiveGateOptions,
  ) {
    this.access = new TtlCache<LiveRole | null>(options.accessCacheMs ?? 5000, 20_000)
    this.handshakes = options.handshakes ?? sharedOrLocalLimit({ name: `live-handshake${nsp.name.replace('/', '-')}`, points: HANDSHAKES_PER_TOKEN_PER_MINUTE, durationSec: 60 }, options.db)
    this.max = options.maxSocketsPerUser ?? MAX_SOCKETS_PER_USER
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000))
    // Another node's revocation: void the tokens it voided, forget cached answers.
    nsp.on(REVOKED, (payload: unknown) => {
      const r = payload as (LiveRevocation & { atMs: number }) | null
      if (!r || typeof r.userId !== 'string' || !Array.isArray(r.forumIds) || !Array.isArray(r.roles) || !r.roles.every((role) => LIVE_ROLES.includes(role)) || typeof r.atMs !== 'number') return
      this.record(r, r.atMs)
    })
  }

  /** The handshake's verdict: the claims (narrowed to the role held now) or a translated refusal. */
  async check(socket: Socket): Promise<{ ok: true; claims: LiveTokenClaims; locale: AppLocale } | { ok: false; refusal: Error; reason: string }> {
    const { check, locale, refusal } = checkLiveHandshake(socket.handshake.auth, this.options.tokenSecret(), this.now())
    if (!check.ok) return { ok: false, refusal: refusal!, reason: check.reason }
    const claims = check.claims
    const revoked = () => ({ ok: false as const, refusal: handshakeRefusal(locale, 'live_access_revoked'), reason: 'revoked' })
    if (voidedByRevocation(claims.iat, this.revokedSince(claims))) return revoked()
    // The token's MAC names it: one token, one budget of handshakes, on every node.
    const tokenId = String((socket.handshake.auth as { token: string }).token).split('.')[2]!
    if (!(await withinLimit(this.handshakes, tokenId))) return { ok: false, refusal: handshakeRefusal(locale, 'rate_limited'), reason: 'handshakes' }
    let role = claims.role
    if (this.options.checkAccess) {
      const check = this.options.checkAccess
      const cacheKey = `${claims.forumId}:${claims.userId}`
      let current = await this.access.get(cacheKey, () => check(claims))
      // A cached answer may confirm a token, never narrow it: someone invited on stage a
      // moment ago must not be held to the role they had then.
      if (narrowLiveRole(claims.role, current) !== claims.role) {
        this.access.delete(cacheKey)
        current = await this.access.get(cacheKey, () => check(claims))
      }
      const narrowed = narrowLiveRole(claims.role, current)
      if (!narrowed) return revoked()
      role = narrowed
    }
    const open = await socketsIn(this.nsp, userRoom(claims.userId))
    if (open && open.length >= this.max) return { ok: false, refusal: handshakeRefusal(locale, 'live_too_many_connections'), reason: 'too_many' }
    return { ok: true, claims: role === claims.role ? claims : { ...claims, role }, locale }
  }

  /**
   * Joins the connected socket to its rooms, then closes the races the handshake could not
   * see: a revocation heard meanwhile, or other handshakes of the same person past the cap.
   * Returns false (the socket is disconnected) when it must not stay.
   */
  async enter(socket: Socket, claims: LiveTokenClaims, handshakeAtMs: number): Promise<boolean> {
    await socket.join([userRoom(claims.userId), roleRoom(claims.forumId, claims.userId, claims.role), roleRoom(ALL_FORUMS, claims.userId, claims.role)])
    const revokedAt = this.revokedSince(claims)
    const stays = !(revokedAt !== undefined && revokedAt >= handshakeAtMs) && (await withinCap(this.nsp, socket, userRoom(claims.userId), this.max))
    if (!stays) socket.disconnect(true)
    return stays
  }

  /** A socket whose role changed while connected (a speaker sent back to the audience). */
  async changeRole(socket: Socket, claims: LiveTokenClaims, role: LiveRole) {
    await Promise.all([socket.leave(roleRoom(claims.forumId, claims.userId, claims.role)), socket.leave(roleRoom(ALL_FORUMS, claims.userId, claims.role))])
    await socket.join([roleRoom(claims.forumId, claims.userId, role), roleRoom(ALL_FORUMS, claims.userId, role)])
  }

  /**
   * Ends the access of one person in some forums with some roles, everywhere: their sockets
   * on every node are disconnected, and every node voids the tokens signed before now.
   */
  revoke(revocation: LiveRevocation) {
    if (revocation.forumIds.length === 0 || revocation.roles.length === 0) return
    const atMs = Date.now()
    this.record(revocation, atMs)
    this.nsp.in(revocation.forumIds.flatMap((forumId) => revocation.roles.map((role) => roleRoom(forumId, revocation.userId, role)))).disconnectSockets(true)
    if (reachesOtherNodes(this.nsp)) this.nsp.serverSideEmit(REVOKED, { ...revocation, atMs })
    log.info({ namespace: this.nsp.name, userId: revocation.userId, forums: revocation.forumIds.length, roles: revocation.roles }, 'live access revoked')
  }

  /** When this person last lost this role in this forum (or in every forum), as far as this node has heard. */
  private revokedSince(claims: LiveTokenClaims): number | undefined {
    const here = this.revokedAt.get(key(claims.forumId, claims.userId, claims.role))
    const everywhere = this.revokedAt.get(key(ALL_FORUMS, claims.userId, claims.role))
    return here === undefined || everywhere === undefined ? (here ?? everywhere) : Math.max(here, everywhere)
  }

  private record(revocation: LiveRevocation, atMs: number) {
    for (const forumId of revocation.forumIds) {
      for (const role of revocation.roles) {
        const k = key(forumId, revocation.userId, role)
        this.revokedAt.set(k, Math.max(atMs, this.revokedAt.get(k) ?? 0))
      }
      if (forumId === ALL_FORUMS) this.access.clear()
      else this.access.delete(`${forumId}:${revocation.userId}`)
    }
    if (this.revokedAt.size > 10_000) for (const [k, at] of this.revokedAt) if (at < Date.now() - REMEMBER_MS) this.revokedAt.delete(k)
  }
}

const key = (forumId: string, userId: string, role: LiveRole) => `${role}:${forumId}:${userId}`
