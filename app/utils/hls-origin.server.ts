import path from 'node:path'
import type { NextFunction, Request, Response } from 'express'
import { cacheControlOf, contentTypeOf } from '../domain/hls-layout.ts'
import { HLS_URL_PREFIX, verifyHlsPath } from '../domain/hls-url.ts'
import type { Env } from './env.server.ts'
import { logger } from './logger.server.ts'

export type HlsOriginOptions = {
  /** The key of the signed URLs (hlsUrlSecret()). */
  secret: string
  /** Absolute RECORDINGS_DIR (recordingsDir(env)). */
  recordingsDir: string
  /**
   * The page origin allowed to read the files across origins: set when players fetch from an
   * edge at another origin (HLS_PUBLIC_URL), which passes this header through from here.
   */
  corsOrigin?: string
  /** Unix seconds now (tests); the clock otherwise. */
  now?: () => number
}

/**
 * The page origin an edge at another origin must allow (Access-Control-Allow-Origin): PUBLIC_URL's,
 * when HLS_PUBLIC_URL is set and is not the same origin. Undefined: same origin, no CORS needed.
 */
export function hlsCorsOrigin(env: Pick<Env, 'PUBLIC_URL' | 'HLS_PUBLIC_URL'>): string | undefined {
  if (!env.HLS_PUBLIC_URL || !env.PUBLIC_URL) return undefined
  const page = new URL(env.PUBLIC_URL).origin
  return new URL(env.HLS_PUBLIC_URL).origin === page ? undefined : page
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * The HLS origin (issue 12): `GET|HEAD /media/hls/<md5>/<expires>/<forumId>/<recordingId>/<file>`.
 * The signature is the whole access check, so a segment costs no database query: the
 * issuer (api.hls.access) asked the database once when it signed. Forged, expired or malformed
 * paths get 403 (never a hint which), a file of the layout that is not (yet) on disk 404. The
 * file name is checked against the layout's patterns before any path is built (no `..`, no
 * recording.json), and files are streamed by `send` (ETag, Last-Modified, conditional GET,
 * Range for MP4 downloads) with the layout's Content-Type and Cache-Control, which an edge
 * cache in front (docs/nginx/hls-edge.conf) follows.
 *
 * Runs in every HTTP process of the cluster: it needs nothing but the secret and the folder.
 */
export function hlsOrigin(options: HlsOriginOptions) {
  const now = options.now ?? nowSeconds
  const root = path.resolve(options.recordingsDir)
  const prefix = `${HLS_URL_PREFIX}/`
  return function serveHls(req: Request, res: Response, next: NextFunction) {
    // The raw path, not percent-decoded: `%2e%2e` or `%2f` never turn into a traversal.
    const pathname = req.originalUrl.split('?')[0]!
    if (!pathname.startsWith(prefix)) return next()
    if (options.corsOrigin) res.setHeader('Access-Control-Allow-Origin', options.corsOrigin)
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS')
      res.setHeader('Access-Control-Allow-Headers', 'Range')
      res.setHeader('Access-Control-Max-Age', '86400')
      return void res.status(204).end()
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS')
      return void res.status(405).type('text/plain').send('Method Not Allowed')
    }
    const check = verifyHlsPath(options.secret, pathname, now())
    if (!check.ok) {
      logger.debug({ reason: check.reason }, 'hls link refused')
      return void res.status(403).set('Cache-Control', 'no-store').type('text/plain').send('Forbidden')
    }
    const { forumId, recordingId, file, kind } = check.request
    if (options.corsOrigin) res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range')
    res.setHeader('Content-Type', contentTypeOf(kind))
    res.sendFile(
      path.join(forumId, recordingId, file),
      { root, headers: { 'Cache-Control': cacheControlOf(kind) }, cacheControl: false, dotfiles: 'deny', etag: true, lastModified: true, acceptRanges: true },
      (error?: NodeJS.ErrnoException & { status?: number }) => {
        if (!error) return
        if (res.headersSent) return void res.end()
        const missing = error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.status === 404
        if (!missing && (error.status ?? 500) >= 500) logger.warn({ err: error, forumId, recordingId, file }, 'hls file read failed')
        res.removeHeader('Content-Type')
        res.removeHeader('Cache-Control')
        // A live playlist or segment that is not there yet must not be cached as missing for long.
        res
          .status(missing ? 404 : (error.status ?? 500))
          .set('Cache-Control', 'no-store')
          .type('text/plain')
          .send(missing ? 'Not Found' : 'Error')
      },
    )
  }
}
