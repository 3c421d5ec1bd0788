import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { getEnv } from './env.server.ts'
import { mediaSocketUrl } from './secrets.server.ts'

/**
 * Security headers. Every response (pages, static files, JSON, /healthz) gets the ones that
 * need no per-request state from `securityHeaders()`, an Express middleware that runs before
 * the static files; HTML documents also get a Content-Security-Policy with a fresh nonce from
 * app/entry.server.tsx, the nonce Remix's inline scripts carry (<Scripts>, <ScrollRestoration>,
 * the single-fetch stream and React's streaming scripts).
 */

/** 128 random bits, base64: a CSP nonce must be unguessable and new for every rendered page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * What the pages need, and nothing more:
 * - scripts: our own bundle, plus inline scripts only with the page's nonce (no 'unsafe-inline', no eval);
 * - styles: our own stylesheet and React `style` attributes (bar widths, grid columns), hence 'unsafe-inline';
 * - images: our own, `data:` (inline SVG/QR images) and `blob:`;
 * - media and workers: `blob:` for MediaSource players (hls.js) and their workers;
 * - connections: the same origin, over HTTP and WebSocket (socket.io, the live stage's signalling),
 *   and the external media server when MEDIA_SERVER=external;
 * - nobody may frame a page (clickjacking), and no plugins or <base> tricks.
 * No `form-action`: paying redirects a form post to Stripe Checkout.
 */
export function contentSecurityPolicy(options: { nonce: string; requestUrl: string; mediaUrl?: string | null; hlsUrl?: string | null }): string {
  const connect = ["'self'", ...webSocketOrigins(options.requestUrl)]
  if (options.mediaUrl) connect.push(new URL(options.mediaUrl).origin, ...webSocketOrigins(options.mediaUrl))
  // The HLS edge (HLS_PUBLIC_URL): hls.js fetches from it, Safari's own player plays from it.
  const media = ["'self'", 'blob:']
  if (options.hlsUrl) {
    connect.push(new URL(options.hlsUrl).origin)
    media.push(new URL(options.hlsUrl).origin)
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", `'nonce-${options.nonce}'`]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['media-src', [...new Set(media)]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', [...new Set(connect)]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ]
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ')
}

/** Older browsers do not match ws:/wss: with 'self', so the page's own host is named for both. */
function webSocketOrigins(url: string): string[] {
  const { host } = new URL(url)
  return [`ws://${host}`, `wss://${host}`]
}

/** The policy for one HTML document, with the media server this process sends browsers to. */
export function documentSecurityPolicy(nonce: string, requestUrl: string): string {
  return contentSecurityPolicy({ nonce, requestUrl, mediaUrl: mediaSocketUrl(), hlsUrl: getEnv().HLS_PUBLIC_URL })
}

/** Headers for every response, whatever its type. */
export const STATIC_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // frame-ancestors 'none' for browsers that predate it.
  'X-Frame-Options': 'DENY',
} as const

/**
 * Express middleware, mounted before the static files. The CSP is not set here: Remix appends
 * its own response headers, so a second policy would be enforced next to the document's.
 */
export function securityHeaders() {
  return function middleware(_req: Request, res: Response, next: NextFunction) {
    res.set(STATIC_SECURITY_HEADERS)
    next()
  }
}
