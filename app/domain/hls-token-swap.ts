/**
 * Token renewal for a playing HLS stream (issue 12; docs/broadcast-and-replay.md, "Delivery").
 * A player keeps requesting URLs under the token it started with (hls.js resolves every
 * playlist and segment URI against the playlist it loaded). When the app hands out a fresh
 * address for the same recording, the player's loader rewrites each request to it instead of
 * reloading the stream, so playback never stops at a token's expiry.
 *
 * Pure: strings in, string out.
 */

const TOKEN = /\/media\/hls\/[A-Za-z0-9_-]{22}\/\d{1,12}\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\//

/**
 * `url` with its token prefix (`/media/hls/<md5>/<expires>/<forumId>/<recordingId>/`) replaced
 * by the one in `freshUrl` (any URL the access API returned, e.g. …/master.m3u8), origin included.
 * Unchanged when either is not a signed HLS URL or they name another forum or recording (a
 * token is scoped to one recording: swapping across would only earn a 403).
 */
export function withFreshHlsToken(url: string, freshUrl: string): string {
  const current = TOKEN.exec(url)
  const fresh = TOKEN.exec(freshUrl)
  if (!current || !fresh) return url
  if (current[1] !== fresh[1] || current[2] !== fresh[2]) return url
  const freshPrefix = freshUrl.slice(0, fresh.index + fresh[0].length)
  return freshPrefix + url.slice(current.index + current[0].length)
}
