import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { hash } from '@node-rs/argon2'
import { toStoredResponse } from '../../app/domain/exam.ts'
import type { QuestionResponse } from '../../app/domain/grading.ts'
import type { Question } from '../../app/domain/question.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { embeddedDbUrl } from '../../app/utils/embedded-db.server.ts'
import { waitForHealthy } from './global-app-setup.ts'
import { freePort } from './test-database.ts'

/**
 * The load probe of issue 17: signed-in users mixing page reads, profile writes, registrations
 * and exam answers against a real server, counting every 500 and every redirect to /login
 * a valid session should never get, and remembering each acknowledged write so it can be
 * compared with what the database holds afterwards. Used by tests/e2e/embedded-under-load.test.ts
 * and bench/concurrency-probe.ts.
 */

const root = path.resolve(import.meta.dirname, '../..')
export const PROBE_EVENT = 'antibiotic-stewardship-instructor-training-2026'
export const PROBE_PASSWORD = 'probe-password-8e1c'

export type ProbeServer = { baseUrl: string; child: ChildProcess; dataDir: string; dbPort: number; log: () => string; exited: Promise<number | null> }

/** `npm start`'s server (the production build) on the embedded default database in `dataDir`. */
export async function startEmbeddedServer(dataDir: string, dbPort?: number): Promise<ProbeServer> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    MEDIA_SERVER: 'off',
    EMBEDDED_DB_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort ?? (await freePort())),
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: 'info',
    PRESENCE_RANDOM_PER_HOUR: '0',
  }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHealthy(baseUrl, child, () => log)
  return { baseUrl, child, dataDir, dbPort: Number(env.EMBEDDED_DB_PORT), log: () => log, exited }
}

/** How long the embedded database took to start, from the server's own log line. */
export function embeddedStartMs(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"embedded database started"')) continue
    return (JSON.parse(line) as { ms: number }).ms
  }
  return undefined
}

export async function probeDb(server: ProbeServer): Promise<Db> {
  return createPrisma(await embeddedDbUrl(server.dataDir, server.dbPort), 4)
}

/** `count` attendees with a known password, created directly (sign-up is throttled per IP). */
export async function createProbeUsers(db: Db, count: number, label: string) {
  const passwordHash = await hash(PROBE_PASSWORD)
  const users: { id: string; email: string }[] = []
  for (let i = 0; i < count; i++) {
    const email = `probe-${label}-${i}@test.cme-forum.org`
    users.push(await db.user.create({ data: { email, passwordHash, realName: `Probe ${i}`, role: 'ATTENDEE', locale: 'zh_CN' }, select: { id: true, email: true } }))
  }
  return users
}

type Jar = Map<string, string>
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
function keepCookies(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const eq = pair!.indexOf('=')
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1))
  }
}

export type ProbeTally = {
  requests: number
  byStatus: Record<number, number>
  /** Responses of 500 or more, with what was asked. */
  serverErrors: string[]
  /** Redirects to /login although the session was valid. */
  spuriousLogins: string[]
  /** Network failures (the server went away). */
  networkErrors: number
  latenciesMs: number[]
}

export const newTally = (): ProbeTally => ({ requests: 0, byStatus: {}, serverErrors: [], spuriousLogins: [], networkErrors: 0, latenciesMs: [] })

/** What the server acknowledged, so it can be compared with the database afterwards. */
export type Acked = {
  profiles: Map<string, string>
  answers: Map<string, { attemptId: string; position: number; response: unknown }>
  registrations: Set<string>
  /** Writes sent but not answered (a kill -9 in flight): the database may hold these instead. */
  inflight: Map<string, unknown>
}
export const newAcked = (): Acked => ({ profiles: new Map(), answers: new Map(), registrations: new Set(), inflight: new Map() })

class ProbeUser {
  private jar: Jar = new Map()
  constructor(
    private baseUrl: string,
    readonly email: string,
    private tally: ProbeTally,
  ) {}

  async request(method: string, url: string, init: { form?: Record<string, string>; json?: unknown } = {}) {
    const headers: Record<string, string> = { cookie: cookieHeader(this.jar), origin: this.baseUrl, 'accept-language': 'zh-CN' }
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    const started = performance.now()
    this.tally.requests++
    let res: Response
    try {
      res = await fetch(`${this.baseUrl}${url}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) })
    } catch (error) {
      this.tally.networkErrors++
      throw error
    }
    const text = await res.text()
    this.tally.latenciesMs.push(performance.now() - started)
    this.tally.byStatus[res.status] = (this.tally.byStatus[res.status] ?? 0) + 1
    keepCookies(this.jar, res)
    if (res.status >= 500) this.tally.serverErrors.push(`${method} ${url} → ${res.status}: ${text.slice(0, 200)}`)
    const location = res.headers.get('location') ?? ''
    return { res, text, location }
  }

  /** A signed-in request that must not be sent to /login. */
  async signedIn(method: string, url: string, init: { form?: Record<string, string>; json?: unknown } = {}) {
    const r = await this.request(method, url, init)
    if (r.location.startsWith('/login') || r.res.status === 401) this.tally.spuriousLogins.push(`${method} ${url} → ${r.res.status} ${r.location}`)
    return r
  }

  async logIn() {
    const r = await this.request('POST', '/login', { form: { email: this.email, password: PROBE_PASSWORD, redirectTo: '/me' } })
    if (r.res.status !== 302 || !this.jar.has('__session')) throw new Error(`log-in failed for ${this.email}: ${r.res.status} ${r.text.slice(0, 200)}`)
  }
}

export type ProbeFixture = { eventSlug: string; ticketTypeId: string; examId: string }

/** The demo event's free audit ticket and its self-test, found in the database. */
export async function probeFixture(db: Db): Promise<ProbeFixture> {
  const event = await db.event.findUniqueOrThrow({ where: { slug: PROBE_EVENT }, select: { id: true } })
  const ticket = await db.ticketType.findFirstOrThrow({ where: { eventId: event.id, priceNonMember: 0 }, select: { id: true } })
  const exam = await db.exam.findFirstOrThrow({ where: { eventId: event.id, titleZh: { contains: '课前自测' } }, select: { id: true } })
  return { eventSlug: PROBE_EVENT, ticketTypeId: ticket.id, examId: exam.id }
}

type PaperQuestion = { position: number; type: string; options: number }

function responseFor(q: PaperQuestion, n: number): unknown {
  switch (q.type) {
    case 'SINGLE_CHOICE':
      return { type: q.type, option: n % Math.max(1, q.options) }
    case 'MULTIPLE_CHOICE':
      return { type: q.type, options: [n % Math.max(1, q.options)] }
    case 'TRUE_FALSE':
      return { type: q.type, answer: n % 2 === 0 }
    default:
      return { type: q.type, text: String(n) }
  }
}

/**
 * One user's session: log in, register (the free ticket), start the self-test, then until
 * `until` mix page reads, profile writes read back from the page, and exam answers.
 */
export async function runProbeUser(options: { baseUrl: string; db: Db; email: string; fixture: ProbeFixture; until: number; tally: ProbeTally; acked: Acked; seed: number }) {
  const { baseUrl, db, email, fixture, until, tally, acked } = options
  const user = new ProbeUser(baseUrl, email, tally)
  await user.logIn()
  const reg = await user.signedIn('POST', `/events/${fixture.eventSlug}/register`, { form: { ticketTypeId: fixture.ticketTypeId, tier: 'NON_MEMBER', q_institution: 'Probe Hospital' } })
  if (!reg.location.startsWith('/tickets/')) throw new Error(`registration failed for ${email}: ${reg.res.status} ${reg.text.slice(0, 300)}`)
  acked.registrations.add(email)
  const start = await user.signedIn('POST', `/events/${fixture.eventSlug}/exams/${fixture.examId}`, { form: {} })
  const attemptId = /\/attempts\/([a-z0-9]+)$/.exec(start.location)?.[1]
  if (!attemptId) throw new Error(`exam start failed for ${email}: ${start.res.status} ${start.text.slice(0, 300)}`)
  const paper: PaperQuestion[] = (
    await db.examAttemptQuestion.findMany({ where: { attemptId }, select: { position: true, optionOrder: true, questionVersion: { select: { content: true } } }, orderBy: { position: 'asc' } })
  ).map((q) => ({ position: q.position, type: (q.questionVersion.content as { type: string }).type, options: q.optionOrder.length }))

  let n = options.seed
  const pages = ['/events', `/events/${fixture.eventSlug}`, '/me', `/events/${fixture.eventSlug}/assessments`, '/me/credits']
  while (Date.now() < until) {
    n++
    const pick = n % 10
    if (pick < 4) {
      const r = await user.signedIn('GET', pages[n % pages.length]!)
      if (r.res.status !== 200) tally.serverErrors.push(`GET ${pages[n % pages.length]} → ${r.res.status} (expected 200)`)
    } else if (pick < 6) {
      const realName = `Probe ${email.split('@')[0]} #${n}`
      acked.inflight.set(`profile:${email}`, realName)
      const w = await user.signedIn('POST', '/profile', { form: { realName, institution: 'Probe Hospital' } })
      acked.inflight.delete(`profile:${email}`)
      if (w.res.status === 200) {
        acked.profiles.set(email, realName)
        const back = await user.signedIn('GET', '/profile')
        if (!back.text.includes(realName)) tally.serverErrors.push(`GET /profile did not show the name just saved (${realName})`)
      }
    } else {
      const q = paper[n % paper.length]!
      const response = responseFor(q, n)
      acked.inflight.set(`answer:${attemptId}:${q.position}`, response)
      const w = await user.signedIn('POST', `/api/exam-attempts/${attemptId}`, { json: { intent: 'save', position: q.position, response } })
      acked.inflight.delete(`answer:${attemptId}:${q.position}`)
      if (w.res.status === 200) acked.answers.set(`${attemptId}:${q.position}`, { attemptId, position: q.position, response })
      else tally.serverErrors.push(`autosave → ${w.res.status}: ${w.text.slice(0, 200)}`)
    }
  }
}

/** JSON with its keys sorted: jsonb does not keep the order in which keys were written. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}

/** Acknowledged writes the database does not hold as acknowledged. */
export async function compareAcked(db: Db, acked: Acked): Promise<string[]> {
  const problems: string[] = []
  for (const [email, realName] of acked.profiles) {
    const row = await db.user.findUnique({ where: { email }, select: { realName: true } })
    if (row?.realName !== realName && row?.realName !== acked.inflight.get(`profile:${email}`)) problems.push(`${email}: profile has ${row?.realName}, acknowledged ${realName}`)
  }
  for (const a of acked.answers.values()) {
    const row = await db.examAttemptQuestion.findUnique({
      where: { attemptId_position: { attemptId: a.attemptId, position: a.position } },
      select: { response: true, optionOrder: true, questionVersion: { select: { content: true } } },
    })
    // The API takes options as shown; the row keeps them as stored (the paper's option order).
    const stored = (shown: unknown) => canonical(row && shown ? toStoredResponse(row.questionVersion.content as unknown as Question, row.optionOrder, shown as QuestionResponse) : null)
    const held = canonical(row?.response)
    if (held !== stored(a.response) && held !== stored(acked.inflight.get(`answer:${a.attemptId}:${a.position}`)))
      problems.push(`${a.attemptId}:${a.position}: holds ${held}, acknowledged ${stored(a.response)}`)
  }
  for (const email of acked.registrations) {
    const n = await db.registration.count({ where: { user: { email }, event: { slug: PROBE_EVENT }, status: 'CONFIRMED' } })
    if (n !== 1) problems.push(`${email}: ${n} confirmed registrations, acknowledged 1`)
  }
  return problems
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
