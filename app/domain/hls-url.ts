import { createHash, timingSafeEqual } from 'node:crypto'
import { isSafeId, recordingFileKind, type RecordingFileKind } from './hls-layout.ts'

/**
 * Signed URLs for a recording's playlists and segments (issue 12), checkable without the
 * database by the app (the origin) and by nginx's secure_link module at an edge:
 *
 *   /media/hls/<md5>/<expires>/<forumId>/<recordingId>/<file>
 *
 *   md5     = base64url(MD5("<expires>/<forumId>/<recordingId> <secret>")), no padding (22 chars)
 *   expires = Unix seconds
 *
 * nginx: `secure_link $hls_md5,$hls_expires; secure_link_md5 "$hls_expires/$hls_forum/$hls_recording <secret>";`
 * (docs/broadcast-and-replay.md). The token is a path prefix, not a query string, so the
 * relative URIs inside a playlist (720p/index.m3u8, seg-…m4s) resolve under the same token and
 * every file of the recording is covered by one signature. Scope: one recording of one forum.
 * The edge caches by the part after the token, so viewers with different tokens share one
 * cached copy of each segment.
 *
 * MD5 is what nginx's secure_link offers; the secret is long and random, and a token opens
 * nothing but one recording until it expires minutes later.
 */

export const HLS_URL_PREFIX = '/media/hls'

export type HlsScope = { forumId: string; recordingId: string }

function digest(secret: string, expires: number, scope: HlsScope): string {
  return createHash('md5').update(`${expires}/${scope.forumId}/${scope.recordingId} ${secret}`).digest('base64url')
}

/** The signed folder URL of a recording, ending in "/": append a file name from hls-layout.ts. */
export function signHlsBase(secret: string, scope: HlsScope, expires: number): string {
  if (!isSafeId(scope.forumId) || !isSafeId(scope.recordingId)) throw new Error('forumId and recordingId must be ids')
  if (!Number.isInteger(expires) || expires <= 0) throw new Error('expires must be Unix seconds')
  return `${HLS_URL_PREFIX}/${digest(secret, expires, scope)}/${expires}/${scope.forumId}/${scope.recordingId}/`
}

export type HlsRequest = { md5: string; expires: number; forumId: string; recordingId: string; file: string; kind: RecordingFileKind }

export type HlsUrlCheck = { ok: true; request: HlsRequest } | { ok: false; reason: 'malformed' | 'forged' | 'expired' }

const PATH = /^\/media\/hls\/([A-Za-z0-9_-]{22})\/(\d{1,12})\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\/(.+)$/

/**
 * Checks a request path (without query string, not percent-decoded) as the edge would: the
 * file must be one of the layout's names, the MAC genuine and the time before `expires`
 * (`now` in Unix seconds). Forged and expired are told apart for logging; both get 403.
 */
export function verifyHlsPath(secret: string, pathname: string, now: number): HlsUrlCheck {
  const m = typeof pathname === 'string' && pathname.length <= 512 ? PATH.exec(pathname) : null
  if (!m) return { ok: false, reason: 'malformed' }
  const [, md5, expiresText, forumId, recordingId, file] = m as unknown as [string, string, string, string, string, string]
  const kind = recordingFileKind(file)
  if (!kind) return { ok: false, reason: 'malformed' }
  const expires = Number(expiresText)
  const expected = Buffer.from(digest(secret, expires, { forumId, recordingId }))
  const given = Buffer.from(md5)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' }
  // As nginx: a link is good through its expiry second.
  if (now > expires) return { ok: false, reason: 'expired' }
  return { ok: true, request: { md5, expires, forumId, recordingId, file, kind } }
}
