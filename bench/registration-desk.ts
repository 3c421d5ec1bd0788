// The staff registrations desk at 50,000 registrations of one event (issue 15 target: "the
// desk's search and filter pages answer at p95 ≤ 300 ms"). Reports, in the same run:
//   1. p50/p95 of listEventRegistrations (count + one page of 50) for search and each filter,
//      against a `SELECT 1` round trip on the same client as the baseline;
//   2. p50/p95 of the same searches and filters as the real desk page over HTTP: the production
//      build served by server.ts (one process, MEDIA_SERVER=off) on the same database, requested
//      one at a time by a signed-in staff member (GET of the whole server-rendered page), against
//      the bare route /bench/bare with the same cookie, timed before and after the cases;
//   3. the full CSV and XLSX exports of the event, streamed and drained: time and the growth
//      of the process's heap and RSS (peak minus before), which should stay flat in the row count.
// Half the registrations have attendance intervals (two forums, live and an overlapping replay),
// a quarter an exam attempt and a fifth a survey completion, so the desk's minutes, exam and
// survey columns (computed for the page's ids, and per batch in the exports) read real rows;
// the cost of those three queries for one page of 50 is printed on its own.
// Three in five people have a phone (searched as staff type it, "+86 139-…"); institutions are
// six hospitals with 97 departments each (the filter's suggestions are capped at 200 of them).
// Usage: npx tsx bench/registration-desk.ts [registrations] [repeats]   (default 50000, 20)
//   DATABASE_URL=postgresql://… runs on a scratch database of that server; otherwise on a
//   scratch embedded PostgreSQL. HTTP=off skips part 2 (and the build). Prints figures; asserts
//   nothing. Serialize with other benchmarks: flock /tmp/bench.lock …
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createCookieSessionStorage } from '@remix-run/node'
import type { DeskQuery } from '../app/domain/registration-desk.ts'
import { waitForServer } from './wait-for-server.ts'

process.env.LOG_LEVEL ??= 'warn'
const count = Number(process.argv[2] ?? 50_000)
const repeats = Number(process.argv[3] ?? 20)
if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(repeats) || repeats <= 0) {
  console.error('usage: npx tsx bench/registration-desk.ts [registrations] [repeats]')
  process.exit(2)
}
const overHttp = process.env.HTTP !== 'off'
const root = path.resolve(import.meta.dirname, '..')
// The production build first: the server of part 2 serves it.
if (overHttp)
  execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } })
const { createPrisma } = await import('../app/utils/db.server.ts')
const { scratchDatabase } = await import('./scratch-database.ts')
const { freePort } = await import('../tests/helpers/test-database.ts')
const { DEFAULT_DESK_QUERY, deskSearchParams } = await import('../app/domain/registration-desk.ts')
const { listEventInstitutions, listEventRegistrations } = await import('../app/services/registration/list-event-registrations.server.ts')
const { exportEventRegistrationsCsv, exportEventRegistrationsXlsx } = await import('../app/services/registration/export-event-registrations.server.ts')

const cleanups: (() => Promise<unknown>)[] = []
// The server of part 2 opens its own pools (requests, jobs) beside this process's.
const database = await scratchDatabase('desk', { maxConnections: 60, cleanups })
const db = createPrisma(database.url, 4)
cleanups.push(() => db.$disconnect())
console.log(
  `database: ${database.label}; registrations: ${count}; repeats: ${repeats}; node ${process.version}; ${os.cpus().length} cores; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const ms = (n: number) => `${n.toFixed(1)} ms`
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`

try {
  // ------------------------------------------------------------ setup (not timed)
  const setupStart = performance.now()
  const startsAt = new Date('2027-04-18T01:00:00Z')
  const event = await db.event.create({
    data: {
      slug: 'bench-desk',
      titleZh: '年会',
      titleEn: 'Annual meeting',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * 3600_000),
      status: 'PUBLISHED',
      venues: { create: { kind: 'MAIN', nameZh: '主会场', nameEn: 'Main venue' } },
      forums: {
        create: [
          { slug: 'main', kind: 'MAIN', titleZh: '主论坛', titleEn: 'Main forum', startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3600_000) },
          { slug: 'side', kind: 'SUB', titleZh: '分论坛', titleEn: 'Side forum', startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3600_000) },
        ],
      },
    },
    include: { venues: true, forums: true },
  })
  const exam = await db.exam.create({
    data: { eventId: event.id, titleZh: '考试', titleEn: 'Exam', opensAt: startsAt, closesAt: new Date(startsAt.getTime() + 86400_000), timeLimitMinutes: 30, published: true },
  })
  const survey = await db.survey.create({ data: { eventId: event.id, titleZh: '问卷', titleEn: 'Survey', published: true } })
  const minute = (m: number) => new Date(startsAt.getTime() + m * 60_000)
  const tickets = await Promise.all(['普通', '会员', '学生'].map((nameZh, i) => db.ticketType.create({ data: { eventId: event.id, nameZh, nameEn: `Ticket ${i}`, position: i } })))
  const rule = await db.creditRule.create({ data: { eventId: event.id, nameZh: '学分', nameEn: 'Credit', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周']
  const hospitals = ['北京协和医院', '上海瑞金医院', '四川大学华西医院', '中山大学附属第一医院', '复旦大学附属中山医院', 'Peking Union Medical College Hospital']
  const statuses = ['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'PENDING_APPROVAL', 'PENDING_PAYMENT', 'WAITLISTED', 'CANCELLED'] as const
  const tiers = ['NON_MEMBER', 'MEMBER', 'STUDENT'] as const
  const BATCH = 5000
  for (let from = 0; from < count; from += BATCH) {
    const n = Math.min(BATCH, count - from)
    const users = Array.from({ length: n }, (_, k) => {
      const i = from + k
      return {
        id: `benchdeskuser${i}`,
        email: `attendee${i}@hospital${i % 300}.example.cn`,
        passwordHash: 'x',
        realName: `${surnames[i % 10]}${String.fromCharCode(0x4e00 + ((i * 7919) % 20000))}${i % 3 === 0 ? '' : String.fromCharCode(0x4e00 + ((i * 104729) % 20000))}`,
        institution: `${hospitals[i % hospitals.length]}${i % 50 === 0 ? '' : ` ${i % 97}科`}`,
        title: i % 2 === 0 ? '主治医师' : '住院医师',
        phone: i % 5 < 3 ? `139${String(i).padStart(8, '0')}` : null,
      }
    })
    await db.user.createMany({ data: users })
    await db.registration.createMany({
      data: users.map((u, k) => {
        const i = from + k
        return {
          id: `benchdeskreg${i}`,
          eventId: event.id,
          userId: u.id,
          ticketTypeId: tickets[i % 3]!.id,
          tier: tiers[(i >> 2) % 3]!,
          status: statuses[i % statuses.length]!,
          createdAt: new Date(startsAt.getTime() - 30 * 86400_000 + i * 1000),
        }
      }),
    })
    // About a third checked in; a fifth hold a certificate.
    await db.checkIn.createMany({
      data: users
        .filter((_, k) => (from + k) % 3 === 0)
        .map((u) => ({ registrationId: u.id.replace('user', 'reg'), venueId: event.venues[0]!.id, kind: 'ENTRY' as const, nonce: `n-${u.id}`, scannedAt: startsAt })),
    })
    await db.certificate.createMany({
      data: users
        .filter((_, k) => (from + k) % 5 === 0)
        .map((u) => ({
          ruleId: rule.id,
          eventId: event.id,
          userId: u.id,
          registrationId: u.id.replace('user', 'reg'),
          code: `c-${u.id}`,
          credits: 1,
          holderName: u.realName,
          criteria: {},
          issuedAt: startsAt,
        })),
    })
    const regIds = users.map((u) => u.id.replace('user', 'reg'))
    await db.attendanceInterval.createMany({
      data: regIds
        .filter((_, k) => (from + k) % 2 === 0)
        .flatMap((registrationId, k) => [
          { registrationId, forumId: event.forums[k % 2]!.id, source: 'LIVE' as const, start: minute(0), end: minute(10 + (k % 180)) },
          { registrationId, forumId: event.forums[(k + 1) % 2]!.id, source: 'REPLAY' as const, start: minute(5), end: minute(40 + (k % 60)) },
        ]),
    })
    await db.examAttempt.createMany({
      data: regIds
        .filter((_, k) => (from + k) % 4 === 0)
        .map((registrationId, k) => ({
          examId: exam.id,
          registrationId,
          number: 1,
          status: 'SUBMITTED' as const,
          active: null,
          seed: 's',
          startedAt: startsAt,
          deadline: minute(30),
          percentage: k % 100,
        })),
    })
    await db.surveyCompletion.createMany({ data: regIds.filter((_, k) => (from + k) % 5 === 0).map((registrationId) => ({ surveyId: survey.id, registrationId })) })
  }
  // VACUUM as well: rows bulk-inserted in seconds leave the trigram (GIN) indexes' pending lists
  // full, which autovacuum empties on a database that has lived; unflushed, the planner avoids them.
  await db.$executeRawUnsafe('VACUUM ANALYZE')
  console.log(`seeded in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`)

  // ------------------------------------------------------------ 1. list queries
  const time = async (fn: () => Promise<unknown>) => {
    await fn() // warm-up
    const samples: number[] = []
    for (let r = 0; r < repeats; r++) {
      const t = performance.now()
      await fn()
      samples.push(performance.now() - t)
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) }
  }
  const baseline = await time(() => db.$queryRaw`SELECT 1`)
  const list = async (query: Partial<DeskQuery>) => listEventRegistrations(db, event.id, { ...DEFAULT_DESK_QUERY, ...query })
  console.log(`\nbaseline SELECT 1: p50 ${ms(baseline.p50)} · p95 ${ms(baseline.p95)}`)
  const cases: [string, Partial<DeskQuery>][] = [
    ['first page (newest first)', {}],
    ['search name "王一"', { q: '王一' }],
    ['search institution "协和"', { q: '协和' }],
    ['search email "attendee4999"', { q: 'attendee4999' }],
    ['search, no match', { q: 'nobody-here' }],
    ['search phone "+86 139-0000-4997"', { q: '+86 139-0000-4997' }],
    ['search phone digits "0004"', { q: '0004' }],
    ['search phone, no match "138 0000"', { q: '138 0000' }],
    ['institution = 北京协和医院', { institution: '北京协和医院' }],
    ['institution, other case, + confirmed', { institution: 'PEKING UNION MEDICAL COLLEGE HOSPITAL 5科', status: 'CONFIRMED' }],
    ['institution + search "王"', { institution: '上海瑞金医院 7科', q: '王' }],
    ['status = PENDING_APPROVAL', { status: 'PENDING_APPROVAL' }],
    ['ticket + tier', { ticket: tickets[1]!.id, tier: 'STUDENT' }],
    ['checked in = yes', { checkedIn: true }],
    ['checked in = no', { checkedIn: false }],
    ['certificate = yes', { certificate: true }],
    ['certificate = no, confirmed', { certificate: false, status: 'CONFIRMED' }],
    ['sort name, page 1', { sort: 'name', dir: 'asc' }],
    ['sort name, page 500 (deep offset)', { sort: 'name', dir: 'asc', page: 500 }],
    ['sort status, search "医院"', { sort: 'status', q: '医院' }],
  ]
  console.log('\nquery                                   rows   p50        p95        p50 / SELECT 1')
  for (const [label, query] of cases) {
    const { total } = await list(query)
    const t = await time(() => list(query))
    console.log(`${label.padEnd(40)}${String(total).padStart(6)}   ${ms(t.p50).padEnd(10)} ${ms(t.p95).padEnd(10)} ${(t.p50 / baseline.p50).toFixed(0)}×`)
  }
  // The institution filter's suggestions alone, read afresh (the desk keeps them a minute per event and process).
  const suggested = await time(() => listEventInstitutions(db, event.id))
  console.log(
    `${'institution suggestions, read afresh'.padEnd(40)}${String((await listEventInstitutions(db, event.id)).length).padStart(6)}   ${ms(suggested.p50).padEnd(10)} ${ms(suggested.p95).padEnd(10)} ${(suggested.p50 / baseline.p50).toFixed(0)}×`,
  )
  // The progress columns alone (absent before they existed: the bench also runs on older code).
  const progress = await import('../app/services/registration/load-desk-progress.server.ts').catch(() => null)
  if (progress) {
    const page = (await db.registration.findMany({ where: { eventId: event.id }, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true } })).map((r) => r.id)
    const t = await time(async () => progress.loadDeskProgress(db, await progress.loadDeskProgressScope(db, event.id), page))
    console.log(`${'minutes + exam + survey of one page'.padEnd(40)}${String(page.length).padStart(6)}   ${ms(t.p50).padEnd(10)} ${ms(t.p95).padEnd(10)} ${(t.p50 / baseline.p50).toFixed(0)}×`)
    const batch = (await db.registration.findMany({ where: { eventId: event.id }, orderBy: { createdAt: 'desc' }, skip: 20_000, take: 1000, select: { id: true } })).map((r) => r.id)
    const b = await time(async () => progress.loadDeskProgress(db, await progress.loadDeskProgressScope(db, event.id), batch))
    console.log(`${'the same of one export batch'.padEnd(40)}${String(batch.length).padStart(6)}   ${ms(b.p50).padEnd(10)} ${ms(b.p95).padEnd(10)} ${(b.p50 / baseline.p50).toFixed(0)}×`)
  }

  // ------------------------------------------------------------ 2. the desk page over HTTP
  if (overHttp) await timeOverHttp(event.id, cases, baseline)

  // ------------------------------------------------------------ 3. exports
  console.log('\nexport (all rows)   rows     bytes       time      heap growth   rss growth')
  for (const kind of ['csv', 'xlsx'] as const) {
    globalThis.gc?.()
    const before = process.memoryUsage()
    let peakHeap = before.heapUsed
    let peakRss = before.rss
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed)
      peakRss = Math.max(peakRss, m.rss)
    }, 20)
    const t = performance.now()
    const file = kind === 'csv' ? await exportEventRegistrationsCsv(db, event.id, DEFAULT_DESK_QUERY, 'zh-CN') : await exportEventRegistrationsXlsx(db, event.id, DEFAULT_DESK_QUERY, 'en')
    let bytes = 0
    let newlines = 0
    const reader = file.body.getReader()
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value
      bytes += chunk.byteLength
      if (kind === 'csv') for (const b of chunk) if (b === 10) newlines++
    }
    const elapsed = performance.now() - t
    clearInterval(sampler)
    const after = process.memoryUsage()
    peakHeap = Math.max(peakHeap, after.heapUsed)
    peakRss = Math.max(peakRss, after.rss)
    const rows = kind === 'csv' ? String(newlines - 1) : 'n/a'
    console.log(`${kind.padEnd(20)}${rows.padEnd(9)}${mb(bytes).padEnd(12)}${`${(elapsed / 1000).toFixed(1)} s`.padEnd(10)}${mb(peakHeap - before.heapUsed).padEnd(14)}${mb(peakRss - before.rss)}`)
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup()
}

/**
 * Part 2: the production server on the bench's database, a staff member signed in (a
 * LoginSession row and the cookie the log-in form would set), and each case's desk page
 * requested `repeats` times after a warm-up, one request at a time on a kept-alive connection.
 * The bare route with the same cookie (root layout and loader with the session look-up) is
 * timed before and after the cases: the same run's floor.
 */
async function timeOverHttp(eventId: string, cases: [string, Partial<DeskQuery>][], selectOne: { p50: number; p95: number }) {
  const sessionSecret = randomBytes(32).toString('hex')
  const staffId = `benchdeskstaff${randomBytes(4).toString('hex')}`
  await db.user.create({ data: { id: staffId, email: `${staffId}@bench.cme-forum.org`, passwordHash: 'x', realName: '工作人员', role: 'STAFF' } })
  const session = await db.loginSession.create({ data: { userId: staffId, expiresAt: new Date(Date.now() + 86_400_000) }, select: { id: true } })
  const storage = createCookieSessionStorage<{ sessionId: string }>({ cookie: { name: '__session', httpOnly: true, sameSite: 'lax', path: '/', secrets: [sessionSecret] } })
  const cookieSession = await storage.getSession()
  cookieSession.set('sessionId', session.id)
  const cookie = (await storage.commitSession(cookieSession)).split(';')[0]!

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SESSION_SECRET: sessionSecret,
      MEDIA_SERVER: 'off',
      WEB_CONCURRENCY: '1',
      CME_QUIET_BANNER: '1',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise((r) => server.once('exit', r))
  cleanups.push(async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM')
    await exited
  })
  await waitForServer(base)

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const get = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(url, { agent, headers: { cookie } }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          res.on('error', reject)
        })
        .on('error', reject)
    })
  /** The page's "共 N 条报名" (zh-CN: no language cookie), to check that the page is the one the case asks for. */
  const shownTotal = (body: string) => Number(/data-testid="desk-total">共 ([\d,]+) 条报名/.exec(body)?.[1]?.replaceAll(',', '') ?? NaN)
  const timeGet = async (url: string, check: (body: string) => void) => {
    const samples: number[] = []
    let first = 0
    for (let r = 0; r <= repeats; r++) {
      const t = performance.now()
      const { status, body } = await get(url)
      const elapsed = performance.now() - t
      if (status !== 200) throw new Error(`${url} answered ${status}`)
      check(body)
      if (r > 0) samples.push(elapsed)
      else first = elapsed // the warm-up
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), first }
  }
  const bareUrl = `${base}/bench/bare`
  const signedIn = (body: string) => {
    if (!body.includes('data-testid="nav-profile"')) throw new Error('the bare route was not served to a signed-in person')
  }
  const bareBefore = await timeGet(bareUrl, signedIn)
  console.log(
    `\nover HTTP: the desk page (GET, whole server-rendered page, signed in as staff), server.ts production build, 1 process; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  console.log(`baseline /bench/bare, same cookie: p50 ${ms(bareBefore.p50)} · p95 ${ms(bareBefore.p95)}   (SELECT 1 in-process: p50 ${ms(selectOne.p50)})`)
  console.log('page                                    rows   p50        p95        p50 / bare  KiB   p95 ≤ 300 ms')
  let worst = 0
  let firstPage = NaN
  for (const [label, query] of cases) {
    const { total } = await listEventRegistrations(db, eventId, { ...DEFAULT_DESK_QUERY, ...query })
    const qs = deskSearchParams({ ...DEFAULT_DESK_QUERY, ...query }).toString()
    const url = `${base}/staff/events/${eventId}/registrations${qs ? `?${qs}` : ''}`
    let kib = 0
    const t = await timeGet(url, (body) => {
      if (shownTotal(body) !== total) throw new Error(`${label}: the page shows ${shownTotal(body)} registrations, the listing ${total}`)
      kib = body.length / 1024
    })
    worst = Math.max(worst, t.p95)
    if (Number.isNaN(firstPage)) firstPage = t.first
    console.log(
      `${label.padEnd(40)}${String(total).padStart(6)}   ${ms(t.p50).padEnd(10)} ${ms(t.p95).padEnd(10)} ${`${(t.p50 / bareBefore.p50).toFixed(1)}×`.padEnd(11)} ${kib.toFixed(0).padEnd(5)} ${t.p95 <= 300 ? 'yes' : 'NO'}`,
    )
  }
  const bareAfter = await timeGet(bareUrl, signedIn)
  console.log(`(the first request of all, warm-up of the first case, read the event's institution suggestions: ${ms(firstPage)})`)
  console.log(`baseline /bench/bare again: p50 ${ms(bareAfter.p50)} · p95 ${ms(bareAfter.p95)}`)
  console.log(
    `slowest page p95: ${ms(worst)} (target ≤ 300 ms: ${worst <= 300 ? 'met' : 'NOT met'}); load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  agent.destroy()
  server.kill('SIGTERM')
  await exited
}
