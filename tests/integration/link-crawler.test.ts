import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { eventLifecycle } from '../../app/domain/event-lifecycle.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { DEMO_PASSWORD, seedDemo } from '../../prisma/seed.ts'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl } from '../helpers/db.ts'
import { form, FORM, send } from '../helpers/http-probe.ts'
import { createTestDatabase } from '../helpers/test-database.ts'

// Issue 15, "what it must show": on the seeded demo (events upcoming, live, ended and
// archived), a visitor of each kind follows every internal link and every GET form from the
// pages they start on, breadth-first, through the real server; no answer may be a 404 or a 5xx.

const PAGE_CAP = 600
/** Pages of one shape (ids and numbers replaced) beyond this many add nothing new: a congress has 40 speakers. */
const PER_SHAPE = 6
const CONCURRENCY = 4
/** Followed only to check they answer, never parsed: they would end the session or switch the language. */
const NOT_FOLLOWED = [/^\/logout\b/, /^\/locale\b/]

let db: Db
let server: AppServer
let dropOwn: (() => Promise<void>) | undefined

beforeAll(async () => {
  // The demo alone: with DATABASE_URL the run's schema is shared with other files' fixtures, so this file seeds a schema of its own.
  let url = testDatabaseUrl()
  if (inject('databaseKind') !== 'embedded') {
    const own = await createTestDatabase('crawler')
    url = own.url
    dropOwn = own.drop
  }
  db = createPrisma(url, 2)
  await seedDemo(db)
  server = await startAppServer({ databaseUrl: url, env: { DEMO: '1', SESSION_SECRET: 'link-crawler-test-secret-0123456789abcdef' } })
}, 600_000)

afterAll(async () => {
  await server?.stop()
  await db?.$disconnect()
  await dropOwn?.()
})

type Found = { url: string; from: string }
type Failure = { status: number; url: string; from: string }

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)
  return m ? decode(m[1]!) : undefined
}

/** Every <a href> and every GET form of a page, the form submitted with its default values. */
function linksOf(html: string, pageUrl: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/<a\b[^>]*>/gi)) {
    const href = attr(m[0], 'href')
    if (href !== undefined) out.push(new URL(href, pageUrl).toString())
  }
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = `<form ${m[1]}>`
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'get') continue
    const target = new URL(attr(open, 'action') ?? pageUrl, pageUrl)
    const params = new URLSearchParams()
    const body = m[2]!
    for (const input of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name')
      const type = (attr(input[0], 'type') ?? 'text').toLowerCase()
      if (!name || ['submit', 'button', 'image', 'file', 'reset'].includes(type) || / disabled(=|\s|>|\/)/.test(input[0])) continue
      if ((type === 'checkbox' || type === 'radio') && !/\schecked(=|\s|>|\/)/.test(input[0])) continue
      params.append(name, attr(input[0], 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''))
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(`<select ${select[1]}>`, 'name')
      if (!name) continue
      const options = [...select[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)]
      const chosen = options.find((o) => /\sselected(=|\s|$)/.test(o[1]!)) ?? options[0]
      if (chosen) params.append(name, attr(`<option ${chosen[1]}>`, 'value') ?? decode(chosen[2]!))
    }
    for (const area of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(`<textarea ${area[1]}>`, 'name')
      if (name) params.append(name, decode(area[2]!))
    }
    target.search = params.toString()
    out.push(target.toString())
  }
  return out
}

/** The shape of a path: ids, numbers and dates replaced, query keys kept. */
function shape(u: URL): string {
  const path = u.pathname
    .split('/')
    .map((seg) => (/^[a-z0-9]{20,40}$/.test(seg) || /^\d+$/.test(seg) || /^[0-9a-f-]{36}$/.test(seg) ? ':id' : seg))
    .join('/')
  return `${path}?${[...new Set(u.searchParams.keys())].sort().join('&')}`
}

/** A tab title in Chinese on an English page (issue 15's walk). */
function chineseTitle(html: string): string | null {
  const title = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? ''
  return /\p{Script=Han}/u.test(title) ? `Chinese tab title "${title}"` : null
}

/**
 * An English page in Chinese dress: a Chinese tab title, or full-width punctuation in the text.
 * For the attendee's and moderator's pages, whose demo content has English versions; staff
 * pages show content as entered (the demo's question bank is Chinese only), so only titles.
 */
function chineseOnEnglishPage(html: string): string | null {
  const title = chineseTitle(html)
  if (title) return title
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
  const mark = /[（）：；]/.exec(text)
  return mark ? `full-width "${mark[0]}" in "${text.slice(Math.max(0, mark.index - 40), mark.index + 40).replace(/\s+/g, ' ')}"` : null
}

async function crawl(
  base: string,
  cookie: string,
  starts: string[],
  checkPage?: (html: string) => string | null,
): Promise<{ visited: number; failures: Failure[]; statuses: Map<number, number>; pageProblems: string[] }> {
  const origin = new URL(base).origin
  const seen = new Set<string>()
  const shapes = new Map<string, number>()
  const queue: Found[] = []
  const failures: Failure[] = []
  const statuses = new Map<number, number>()
  const pageProblems: string[] = []
  let visited = 0
  const enqueue = (raw: string, from: string) => {
    const u = new URL(raw)
    if (u.origin !== origin) return
    const key = `${u.pathname}${u.search}`
    if (seen.has(key)) return
    const s = shape(u)
    if ((shapes.get(s) ?? 0) >= PER_SHAPE) return
    seen.add(key)
    shapes.set(s, (shapes.get(s) ?? 0) + 1)
    queue.push({ url: `${origin}${key}`, from })
  }
  for (const s of starts) enqueue(`${origin}${s}`, '(start)')

  const visit = async ({ url, from }: Found) => {
    const res = await send(url, { method: 'GET', headers: cookie ? { cookie } : {} })
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    const path = new URL(url).pathname
    if (res.status === 404 || res.status >= 500) failures.push({ status: res.status, url: url.slice(origin.length), from })
    if (res.status >= 300 && res.status < 400 && res.headers.location) return enqueue(new URL(res.headers.location, url).toString(), from)
    if (NOT_FOLLOWED.some((re) => re.test(path))) return
    if (res.status !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html')) return
    const problem = checkPage?.(res.body)
    if (problem) pageProblems.push(`${url.slice(origin.length)}: ${problem}`)
    for (const link of linksOf(res.body, url)) enqueue(link, url.slice(origin.length))
  }

  while (queue.length > 0 && visited < PAGE_CAP) {
    const batch = queue.splice(0, Math.min(CONCURRENCY, PAGE_CAP - visited))
    visited += batch.length
    await Promise.all(batch.map(visit))
  }
  return { visited, failures, statuses, pageProblems }
}

const ENGLISH = `lng=${encodeURIComponent(Buffer.from(JSON.stringify('en')).toString('base64'))}`

async function logInAs(email: string): Promise<string> {
  const res = await send(`${server.url}/login`, { headers: FORM, body: form({ email, password: DEMO_PASSWORD }) })
  const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('__session='))
  if (res.status !== 302 || !cookie) throw new Error(`log-in of ${email} failed: ${res.status} ${res.body.slice(0, 300)}`)
  return cookie.split(';')[0]!
}

test('the seeded demo holds an upcoming, a live, an ended and an archived event', async () => {
  const events = await db.event.findMany({ select: { status: true, startsAt: true, endsAt: true, lifecycleOverride: true, forums: { select: { liveStatus: true } } } })
  const kinds = new Set(events.map((e) => eventLifecycle(e, new Date())))
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['archived', 'ended', 'live', 'upcoming']))
})

describe('every internal link and GET form answers without a 404 or a 5xx', () => {
  // The attendee, the moderator and staff browse in English: every page they reach must be English, tab title included.
  test.each<[string, string | null, string[], ((html: string) => string | null) | null]>([
    ['an anonymous visitor', null, ['/', '/events', '/me', '/staff'], null],
    ['an attendee, in English', 'attendee@demo.cme-forum.org', ['/', '/events', '/me'], chineseOnEnglishPage],
    ['a moderator, in English', 'moderator@demo.cme-forum.org', ['/', '/events', '/me'], chineseOnEnglishPage],
    ['staff, in English', 'staff@demo.cme-forum.org', ['/', '/events', '/me', '/staff'], chineseTitle],
  ])(
    'as %s',
    async (who, email, starts, check) => {
      const session = email ? await logInAs(email) : ''
      const cookie = [session, check ? ENGLISH : ''].filter(Boolean).join('; ')
      const { visited, failures, statuses, pageProblems } = await crawl(server.url, cookie, starts, check ?? undefined)
      console.info(`link crawler, ${who}: ${visited} pages, ${[...statuses].map(([status, n]) => `${n}× ${status}`).join(', ')}`)
      const report = failures.map((f) => `${f.status} ${f.url}  (linked from ${f.from})`).join('\n')
      expect(report, `${failures.length} broken of ${visited} visited`).toBe('')
      expect(pageProblems).toEqual([])
      // The crawl reached well past its start pages.
      expect(visited).toBeGreaterThan(20)
      expect(statuses.get(200) ?? 0).toBeGreaterThan(20)
    },
    150_000,
  )
})
