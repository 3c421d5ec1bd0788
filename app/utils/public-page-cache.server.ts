import type { NextFunction, Request, Response } from 'express'
import { DEFAULT_LOCALE, resolveLocale } from '~/domain/locale.ts'
import { isSharedPage } from '~/domain/shared-pages.ts'

/**
 * Micro-cache for public pages seen by anonymous visitors (no session cookie): when a
 * forum opens, thousands load the same event page within seconds. The rendered HTML is
 * kept per URL and language for a few seconds, and concurrent misses wait for one render
 * instead of rendering the same page a thousand times. Signed-in users get a fresh render
 * (their header and links differ), except on the shared pages (app/domain/shared-pages.ts:
 * the live player), which are the same for everyone. Staff edits and a forum's change of live
 * status purge the event's pages: its page, its forum, live and speaker pages.
 *
 * The stored headers are replayed with the body, the page's Content-Security-Policy among them,
 * so a cached page's inline scripts keep the nonce its header allows (visitors within one TTL
 * share that nonce; the page holds nothing a visitor wrote).
 */
type Entry = { status: number; headers: Record<string, string>; body: Buffer; expires: number }

const CACHEABLE = [/^\/events\/?$/, /^\/events\/[a-z0-9-]+\/?$/, /^\/events\/[a-z0-9-]+\/forums\/[a-z0-9-]+\/?$/, /^\/events\/[a-z0-9-]+\/speakers\/[a-z0-9]+\/?$/]

function registry(): { entries: Map<string, Entry>; fills: Map<string, Promise<void>> } {
  const g = globalThis as unknown as { __cmePublicPageCache?: ReturnType<typeof registry> }
  g.__cmePublicPageCache ??= { entries: new Map(), fills: new Map() }
  return g.__cmePublicPageCache
}

/** Drops cached pages of one event (and the event list); callable from app code. */
export function purgePublicPages(slug?: string) {
  const { entries } = registry()
  for (const key of [...entries.keys()]) {
    const path = key.slice(key.indexOf('|') + 1).split('?')[0]!
    // `/events/${slug}/…` only: another event whose slug merely starts with this one keeps its pages.
    if (!slug || path === '/events' || path === '/events/' || path === `/events/${slug}` || path.startsWith(`/events/${slug}/`)) entries.delete(key)
  }
}

/**
 * Query parameters that change a cached page: none of them reads one. Any other parameter is
 * dropped before the page is looked up or rendered, so `?x=1`, `?x=2`… cannot bypass the cache,
 * and one visitor's query never ends up in the page the next visitors get.
 */
const VARYING_PARAMS: readonly string[] = []

/** The language the page renders in (root.tsx reads the same cookie): any other value is the default, not a new entry. */
function localeOf(cookie: string): string {
  const raw = /(?:^|;\s*)lng=([^;]+)/.exec(cookie)?.[1]
  if (!raw) return DEFAULT_LOCALE
  try {
    // Remix's unsigned cookie: base64 of the JSON value, URL-encoded.
    return resolveLocale(JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8')))
  } catch {
    return DEFAULT_LOCALE
  }
}

function cacheKey(req: Request): { key: string; url: string } | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null
  // A shared page (the live player) is the same render signed in or not: everyone gets it.
  const shared = isSharedPage(req.path)
  if (!shared && !CACHEABLE.some((re) => re.test(req.path))) return null
  const cookie = req.headers.cookie ?? ''
  if (!shared && /(?:^|;\s*)__session=/.test(cookie)) return null
  const query = req.url.indexOf('?')
  const kept = new URLSearchParams(query < 0 ? '' : req.url.slice(query + 1))
  for (const name of [...kept.keys()]) if (!VARYING_PARAMS.includes(name)) kept.delete(name)
  kept.sort()
  const url = kept.size > 0 ? `${req.path}?${kept}` : req.path
  return { key: `${localeOf(cookie)}|${url}`, url }
}

export function publicPageCache(options: { ttlMs: number; maxEntries?: number }) {
  const { entries, fills } = registry()
  const maxEntries = options.maxEntries ?? 1000

  const serve = (res: Response, entry: Entry, state: 'HIT' | 'WAIT') => {
    res.status(entry.status).set(entry.headers).set('X-Page-Cache', state).end(entry.body)
  }

  return async function middleware(req: Request, res: Response, next: NextFunction) {
    const cacheable = cacheKey(req)
    if (!cacheable) return next()
    const { key, url } = cacheable
    // Remix builds the request from originalUrl: it renders the page as the cache knows it.
    if (req.url !== url) req.url = req.originalUrl = url
    const hit = entries.get(key)
    if (hit && hit.expires > Date.now()) return serve(res, hit, 'HIT')
    const pending = fills.get(key)
    if (pending) {
      await pending
      const filled = entries.get(key)
      return filled ? serve(res, filled, 'WAIT') : next()
    }

    let done!: () => void
    fills.set(key, new Promise<void>((resolve) => (done = resolve)))
    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'))
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(typeof chunk === 'function' ? undefined : chunk, rest[0])
      if (res.statusCode === 200 && !res.getHeader('set-cookie')) {
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.getHeaders())) {
          if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name)) headers[name] = String(value)
        }
        entries.set(key, { status: 200, headers, body: Buffer.concat(chunks), expires: Date.now() + options.ttlMs })
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      }
      fills.delete(key)
      done()
      return end(chunk, ...rest)
    }) as Response['end']
    res.set('X-Page-Cache', 'MISS')
    res.on('close', () => {
      if (fills.get(key)) {
        fills.delete(key)
        done()
      }
    })
    next()
  }
}
