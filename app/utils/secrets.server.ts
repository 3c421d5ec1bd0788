import { createHmac } from 'node:crypto'
import { getEnv } from './env.server.ts'

/** The key that signs ticket QR codes (the app server resolves a persisted default from the data folder). */
export function ticketSecret(): string {
  const secret = getEnv().TICKET_SECRET
  if (!secret) throw new Error('TICKET_SECRET is not set')
  return secret
}

/** The key that signs live-stage join tokens: MEDIA_TOKEN_SECRET, else the ticket key (a separate MAC domain). */
export function mediaTokenSecret(): string {
  return getEnv().MEDIA_TOKEN_SECRET ?? ticketSecret()
}

/**
 * Where browsers open the stage's `/media` socket: the page's own origin when the media
 * server runs in the app process (null), else the external media server's public address.
 */
export function mediaSocketUrl(): string | null {
  const env = getEnv()
  return env.MEDIA_SERVER === 'external' ? (env.MEDIA_PUBLIC_URL ?? env.MEDIA_SERVER_URL).replace(/\/$/, '') : null
}

/**
 * The key that signs HLS URLs: HLS_URL_SECRET, else derived from the ticket key (HMAC, so the
 * derived value, which an edge's nginx config would hold, reveals nothing of the ticket key).
 */
export function hlsUrlSecret(): string {
  const env = getEnv()
  return env.HLS_URL_SECRET ?? createHmac('sha256', ticketSecret()).update('hls-url:v1').digest('hex')
}
