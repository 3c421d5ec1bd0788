import type { NextFunction, Request, Response } from 'express'

/**
 * Micro-cache for public pages seen by anonymous visitors (no session cookie): when a
 * forum opens, thousands load the same event page within seconds. The rendered HTML is
 * kept per URL and language for a few seconds, and concurrent misses wait for one render
 * instead of rendering the same page a thousand times. Signed-in users always get a fresh
 * render (their header and links differ). Staff edits purge the event's pages: its page,
 * its forum pages and its speaker pages.
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
    const path = key.slice(key.indexOf('|') + 1)
    // `/events/${slug}/…` only: another event whose slug merely starts with this one keeps its pages.
    if (!slug || path === '/events' || path === '/events/' || path === `/events/${slug}` || path.startsWith(`/events/${slug}/`)) entries.delete(key)
  }
}

function cacheKey(req: Request): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null
  if (req.url.includes('?') || !CACHEABLE.some((re) => re.test(req.path))) return null
  const cookie = req.headers.cookie ?? ''
  if (/(?:^|;\s*)__session=/.test(cookie)) return null
  const lng = /(?:^|;\s*)lng=([^;]+)/.exec(cookie)?.[1] ?? 'default'
  return `${lng}|${req.path}`
}

export function publicPageCache(options: { ttlMs: number; maxEntries?: number }) {
  const { entries, fills } = registry()
  const maxEntries = options.maxEntries ?? 1000

  const serve = (res: Response, entry: Entry, state: 'HIT' | 'WAIT') => {
    res.status(entry.status).set(entry.headers).set('X-Page-Cache', state).end(entry.body)
  }

  return async function middleware(req: Request, res: Response, next: NextFunction) {
    const key = cacheKey(req)
    if (!key) return next()
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
