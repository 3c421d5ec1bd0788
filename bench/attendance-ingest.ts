// Attendance ingest (issue 5): N simulated attendees on the /attendance namespace, each a
// socket.io-client WebSocket with its own login cookie and CONFIRMED registration, sending
// hello, JOIN, then a HEARTBEAT every interval. Reports sustained ledger writes per second
// (rows in the database after the final flush), p50/p99 ack latency, lost events (acked
// but not in the database; target 0), the server's memory per connection, and how the
// processes shared the cores. Figures only; it never asserts a timing.
//
// Usage: npx tsx bench/attendance-ingest.ts [clients=20000] [seconds=60] [--interval=30]
//          [--servers=1] [--workers=N] [--flush-ms=500] [--connect-concurrency=256]
//   --interval   heartbeat interval in seconds (the players' real one is 30; less compresses
//                the load, e.g. --interval=3 is ten times the real rate)
//   --servers    server processes to spread the clients over (each its own port, pool and
//                ledger writer; one process holds at most its open-files limit in sockets)
//   --workers    load-generator processes (default max(2, clients / 5000))
//   --server-cpu-prof=DIR  write a V8 CPU profile of each server process to DIR
//
// Same-run baselines: an `echo` on the same authenticated sockets, half an interval after
// each heartbeat (socket.io's own round trip: no validation, no database), and a plain
// LedgerWriter flushing 2000-row batches back to back on the same database, without sockets
// (the ledger's write ceiling).
//
// Processes: this one (seeding, counting; without DATABASE_URL it starts the embedded
// PostgreSQL, whose processes count as postgres), the server in a child process
// (bench/attendance-ingest-server.ts) so that its memory is its own, and the load generator
// in worker processes (bench/attendance-ingest-client.ts). With DATABASE_URL set, a scratch database is created
// on that PostgreSQL server, migrated, and dropped at the end.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { ephemeralPorts, Histogram, openFilesLimit, type ConnectReport, type RunReport, type ServerStats } from './attendance-ingest-shared.ts'

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const flags = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => a.slice(2).split('=') as [string, string?]),
)
const num = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value))
const requested = num(positional[0], 20_000)
const seconds = num(positional[1], 60)
const intervalSec = num(flags.interval, 30)
const serverCount = num(flags.servers, 1)
const flushMs = num(flags['flush-ms'], 500)
const connectConcurrency = num(flags['connect-concurrency'], 256)
const ackTimeoutMs = 20_000
const WARM_UP = 20 // attendees used only to warm the server up before its memory is read
for (const [name, value] of Object.entries({ clients: requested, seconds, interval: intervalSec, servers: serverCount, 'flush-ms': flushMs })) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`Bad ${name}: ${value}\nUsage: npx tsx bench/attendance-ingest.ts [clients] [seconds] [--interval=30] [--servers=1] [--workers=N] [--flush-ms=500]`)
    process.exit(1)
  }
}

// The cookie is signed here and verified in the server process: one secret for both.
process.env.SESSION_SECRET = randomBytes(32).toString('hex')
process.env.LOG_LEVEL ??= 'error'
const { createPrisma } = await import('../app/utils/db.server.ts')
const { LedgerWriter } = await import('../app/services/attendance/ledger-writer.server.ts')
const { authSessionStorage } = await import('../app/utils/session.server.ts')
const { createEvent, createTicketType } = await import('../tests/helpers/fixtures.ts')
const { scratchDatabase } = await import('./scratch-database.ts')
const { io } = await import('socket.io-client')

const root = path.resolve(import.meta.dirname, '..')
const mib = (bytes: number) => bytes / 1024 / 1024
const kib = (bytes: number) => bytes / 1024
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–')
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

const cleanups: (() => Promise<unknown> | unknown)[] = []
async function cleanUp() {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch((error) => console.error('clean-up:', (error as Error).message))
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)))

// ---------------------------------------------------------------- child processes

/** Forks a TypeScript script with the soft open-files limit raised to the hard one where allowed. */
function forkScript(script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', process.execPath, ...nodeFlags, '--import', 'tsx', path.join(root, 'bench', script)], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'))
  return child
}
function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m as T)
    }
    const onExit = (code: number | null) => reject(new Error(`child ${child.pid} exited (${code}) while waiting for ${type}`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}
let requestId = 0
function ask<T>(child: ChildProcess, type: string): Promise<T> {
  const id = ++requestId
  return new Promise((resolve, reject) => {
    const onMessage = (m: { id?: number; body?: T }) => {
      if (m.id !== id) return
      child.off('message', onMessage)
      resolve(m.body as T)
    }
    child.on('message', onMessage)
    if (!child.send({ id, type })) reject(new Error('IPC closed'))
  })
}

/** CPU seconds: the whole machine (/proc/stat) and every PostgreSQL backend. */
function cpuSnapshot() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number]
  const tick = 100 // USER_HZ
  const postgres = new Map<string, number>()
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      postgres.set(pid, (Number(after[11]) + Number(after[12])) / tick) // utime, stime
    } catch {
      // the process ended between listing and reading
    }
  }
  const self = process.cpuUsage()
  return { busy: (user + nice + system + irq + softirq + steal) / tick, all: (user + nice + system + idle + iowait + irq + softirq + steal) / tick, postgres, self: (self.user + self.system) / 1e6 }
}

// ---------------------------------------------------------------- database

// ---------------------------------------------------------------- the run

const poolPerServer = num(process.env.DATABASE_POOL_SIZE, 10)
const database = await scratchDatabase('ingest', { maxConnections: serverCount * poolPerServer + 10, cleanups })
const db = createPrisma(database.url, 4)
cleanups.push(() => db.$disconnect())
log(`database: ${database.label}`)

try {
  // Servers first: how many descriptors one holds before any client decides how many clients it can take.
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(poolPerServer),
    LEDGER_FLUSH_MS: String(flushMs),
    LOG_LEVEL: process.env.LOG_LEVEL,
  }
  const servers = await Promise.all(
    Array.from({ length: serverCount }, async () => {
      const child = forkScript('attendance-ingest-server.ts', serverEnv, ['--expose-gc', ...(flags['server-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${flags['server-cpu-prof']}`] : [])])
      const ready = await nextMessage<{ port: number; stats: ServerStats }>(child, 'ready')
      return { child, url: `http://127.0.0.1:${ready.port}`, fdsAtStart: ready.stats.fds }
    }),
  )
  const { soft, hard } = openFilesLimit()
  const ports = ephemeralPorts()
  // Each client is one descriptor in a server; the server keeps headroom for its pool, logs and the listener.
  const perServer = Math.min(hard - Math.max(...servers.map((s) => s.fdsAtStart)) - 32, ports - 512)
  const clients = Math.min(requested, perServer * serverCount)
  const limits = `open files per process: soft ${soft}, hard ${hard}; ephemeral ports per server address: ${ports}`
  if (clients < requested) {
    const why = hard - 32 < ports ? `the open-files hard limit (${hard}) caps one server process at ~${perServer} sockets` : `${ports} ephemeral ports per server address`
    log(`REQUESTED ${fmt(requested)} clients, RUNNING ${fmt(clients)}: ${why}. Use --servers=${Math.ceil((requested + WARM_UP) / perServer)} to spread them over more processes.`)
  }
  const workerCount = Math.max(num(flags.workers, Math.max(2, Math.ceil(clients / 5000))), Math.ceil(clients / (hard - 64)))
  log(
    `${fmt(
      clients,
    )} clients on ${serverCount} server process(es), ${workerCount} load-generator process(es), heartbeat every ${intervalSec} s for ${seconds} s; ${os.availableParallelism()} cores; ${limits}`,
  )

  // ---- seed: N + warm-up attendees, each with a login session and a CONFIRMED registration for one event
  let t = performance.now()
  const event = await createEvent(db)
  const forumId = event.forums[0]!.id
  const ticket = await createTicketType(db, event.id)
  const total = clients + WARM_UP
  const expiresAt = new Date(Date.now() + 24 * 3600_000)
  const CHUNK = 5000
  for (let from = 0; from < total; from += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, total - from) }, (_, k) => from + k)
    await db.user.createMany({ data: ids.map((i) => ({ id: `bench-user-${i}`, email: `bench-${i}@bench.cme-forum.org`, passwordHash: 'x', realName: `听众${i}` })) })
    await db.loginSession.createMany({ data: ids.map((i) => ({ id: `bench-session-${i}`, userId: `bench-user-${i}`, expiresAt })) })
    await db.registration.createMany({
      data: ids.map((i) => ({ id: `bench-reg-${i}`, eventId: event.id, userId: `bench-user-${i}`, ticketTypeId: ticket.id, status: 'CONFIRMED' as const, confirmedAt: new Date() })),
    })
  }
  const seedMs = performance.now() - t
  t = performance.now()
  const storage = authSessionStorage()
  const cookies: string[] = []
  for (let i = 0; i < total; i++) {
    const session = await storage.getSession()
    session.set('sessionId', `bench-session-${i}`)
    cookies.push((await storage.commitSession(session, { expires: expiresAt })).split(';')[0]!)
  }
  log(`seeded ${fmt(total)} users, login sessions and registrations in ${fmt(seedMs / 1000, 1)} s; signed their cookies in ${fmt((performance.now() - t) / 1000, 1)} s`)

  // ---- warm-up: a few attendees through every path, so that the memory baseline is not JIT and first-use caches
  const warmSockets = []
  for (let i = 0; i < WARM_UP; i++) {
    const socket = io(`${servers[i % serverCount]!.url}/attendance`, { transports: ['websocket'], extraHeaders: { cookie: cookies[clients + i]! }, reconnection: false, forceNew: true })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    const hello = await socket.timeout(ackTimeoutMs).emitWithAck('hello', { forumId })
    if (!hello.ok) throw new Error(`warm-up hello refused: ${JSON.stringify(hello)}`)
    for (const kind of ['JOIN', 'HEARTBEAT']) await socket.timeout(ackTimeoutMs).emitWithAck('attendance', { kind, forumId, nonce: `warmup-${i}-${kind}`, clientAt: new Date().toISOString() })
    await socket.timeout(ackTimeoutMs).emitWithAck('echo', {})
    warmSockets.push(socket)
  }
  for (const s of warmSockets) s.close()
  await new Promise((r) => setTimeout(r, 1000))
  const before = await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'settle')))

  // ---- connect: hello + JOIN for every attendee, a bounded number of handshakes in flight per worker
  const workers = await Promise.all(
    Array.from({ length: workerCount }, async () => {
      const child = forkScript('attendance-ingest-client.ts', { ...process.env, NODE_ENV: 'production' })
      await nextMessage(child, 'ready')
      return child
    }),
  )
  t = performance.now()
  const rampCpuBefore = cpuSnapshot()
  const connectReports = await Promise.all(
    workers.map((child, w) => {
      const mine = Array.from({ length: clients }, (_, i) => i).filter((i) => i % workerCount === w)
      child.send({
        type: 'connect',
        worker: w,
        urls: servers.map((s) => s.url),
        cookies: mine.map((i) => cookies[i]),
        forumId,
        concurrency: Math.max(1, Math.round(connectConcurrency / workerCount)),
        ackTimeoutMs,
      })
      return nextMessage<{ report: ConnectReport }>(child, 'connected').then((m) => m.report)
    }),
  )
  const connectSec = (performance.now() - t) / 1000
  const rampCpuAfter = cpuSnapshot()
  const connected = sum(connectReports.map((r) => r.connected))
  const connectFailures: Record<string, number> = {}
  for (const r of connectReports) for (const [k, v] of Object.entries(r.failures)) connectFailures[k] = (connectFailures[k] ?? 0) + v
  const ramp = { connect: new Histogram(), hello: new Histogram(), join: new Histogram() }
  for (const r of connectReports) for (const k of ['connect', 'hello', 'join'] as const) ramp[k].merge(r[k])
  log(
    `connected ${fmt(connected)} of ${fmt(clients)} in ${fmt(connectSec, 1)} s (${fmt(connected / connectSec)} hello+JOIN/s)${
      Object.keys(connectFailures).length ? `; failures: ${JSON.stringify(connectFailures)}` : ''
    }`,
  )
  const rampServerCpu = sum((await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'stats')))).map((s) => s.cpuMicros)) / 1e6 - sum(before.map((s) => s.cpuMicros)) / 1e6
  const after = await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'settle')))

  // ---- the steady phase: heartbeats (and echoes) every interval, random phase per attendee
  await Promise.all(servers.map((s) => ask(s.child, 'reset-loop-delay')))
  const serverCpuBefore = sum((await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'stats')))).map((s) => s.cpuMicros)) / 1e6
  const cpuBefore = cpuSnapshot()
  const startAt = Date.now() + 1000
  const endAt = startAt + seconds * 1000
  const runReports = workers.map((child) => {
    child.send({ type: 'run', startAt, seconds, intervalMs: intervalSec * 1000 })
    return nextMessage<{ report: RunReport }>(child, 'ran').then((m) => m.report)
  })
  let maxPending = 0
  let peakLoopDelay = 0
  const progress = setInterval(async () => {
    const stats = await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'stats')))
    const pending = sum(stats.map((s) => s.writer.pending))
    maxPending = Math.max(maxPending, pending)
    peakLoopDelay = Math.max(peakLoopDelay, ...stats.map((s) => s.loopDelay.p99))
    if (Date.now() < endAt + 1000) {
      log(
        `  t=${fmt((Date.now() - startAt) / 1000)} s  sockets ${fmt(sum(stats.map((s) => s.sockets)))}  ledger accepted ${fmt(sum(stats.map((s) => s.writer.accepted)))} written ${fmt(
          sum(stats.map((s) => s.writer.written)),
        )} pending ${fmt(pending)}  loop p99 ${fmt(Math.max(...stats.map((s) => s.loopDelay.p99)), 1)} ms`,
      )
    }
  }, 5000)
  const reports = await Promise.all(runReports)
  clearInterval(progress)
  const cpuAfter = cpuSnapshot()
  const runStats = await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'stats')))
  const serverCpu = sum(runStats.map((s) => s.cpuMicros)) / 1e6 - serverCpuBefore
  // When had the writers caught up with everything accepted? That ends the write window.
  let drainedAt = Date.now()
  for (let i = 0; i < 400; i++) {
    const stats = await Promise.all(servers.map((s) => ask<ServerStats>(s.child, 'stats')))
    if (stats.every((s) => s.writer.written + s.writer.duplicates === s.writer.accepted && s.writer.pending === 0)) break
    await new Promise((r) => setTimeout(r, 50))
    drainedAt = Date.now()
  }

  // ---- stop: close the sockets, final flush, then count what is really in the database
  await Promise.all(workers.map((child) => (child.send({ type: 'close' }), new Promise((r) => child.once('exit', r)))))
  const finals = await Promise.all(servers.map((s) => ask<ServerStats & { stoppedAt: number }>(s.child, 'stop')))
  const rows = await db.attendanceEvent.groupBy({ by: ['kind'], where: { nonce: { startsWith: 'bench-' } }, _count: { _all: true } })
  const rowsOf = (kind: string) => rows.find((r) => r.kind === kind)?._count._all ?? 0
  const heartbeatRows = rowsOf('HEARTBEAT')
  const joinRows = rowsOf('JOIN')

  // ---- baseline 2: the ledger's write ceiling: the same LedgerWriter flushing full 2000-row batches back to back, no sockets
  const baselineRows = { rows: 0, ms: 0 }
  {
    const ceilingWriter = new LedgerWriter(db, { flushMs: 1000, maxBatch: 2000 })
    const started = performance.now()
    for (let batch = 0; performance.now() - started < 5000; batch++) {
      const now = new Date()
      for (let k = 0; k < 2000; k++)
        ceilingWriter.append({
          registrationId: `bench-reg-${(batch * 2000 + k) % clients}`,
          forumId,
          kind: 'HEARTBEAT',
          source: 'LIVE',
          receivedAt: now,
          clientAt: now,
          nonce: `baseline-${batch}-${k}`,
        })
      await ceilingWriter.flush()
    }
    baselineRows.ms = performance.now() - started
    baselineRows.rows = ceilingWriter.getStats().written
  }

  // ---- report
  const merged = { sent: 0, ok: 0, timedOut: 0, echoSent: 0, echoOk: 0, echoTimedOut: 0 }
  const rejected: Record<string, number> = {}
  const disconnects: Record<string, number> = {}
  const latency = new Histogram()
  const echo = new Histogram()
  for (const r of reports) {
    for (const k of Object.keys(merged) as (keyof typeof merged)[]) merged[k] += r[k]
    for (const [k, v] of Object.entries(r.rejected)) rejected[k] = (rejected[k] ?? 0) + v
    for (const [k, v] of Object.entries(r.disconnects)) disconnects[k] = (disconnects[k] ?? 0) + v
    latency.merge(r.latency)
    echo.merge(r.echo)
  }
  const ackedOk = merged.ok + connected // heartbeats + JOINs
  const inDb = heartbeatRows + joinRows
  const writeWindowSec = (Math.max(drainedAt, endAt) - startAt) / 1000
  const sustained = heartbeatRows / writeWindowSec
  const ceiling = baselineRows.rows / (baselineRows.ms / 1000)
  const rssDelta = sum(after.map((s) => s.mem.rss)) - sum(before.map((s) => s.mem.rss))
  const heapDelta = sum(after.map((s) => s.mem.heapUsed)) - sum(before.map((s) => s.mem.heapUsed))
  const fdsDelta = sum(after.map((s) => s.fds)) - sum(before.map((s) => s.fds))
  const window = cpuAfter.all - cpuBefore.all
  const cores = (cpuSeconds: number) => cpuSeconds / (window / os.availableParallelism())
  const generatorCpu = sum(reports.map((r) => r.cpuMicros)) / 1e6
  // Per backend, so that a backend that ended between the two readings does not count negative.
  const postgresCpu = sum([...cpuAfter.postgres].map(([pid, s]) => s - (cpuBefore.postgres.get(pid) ?? 0)))
  const selfCpu = cpuAfter.self - cpuBefore.self
  const busy = cpuAfter.busy - cpuBefore.busy
  const writer = finals.reduce(
    (acc, s) => ({
      accepted: acc.accepted + s.writer.accepted,
      written: acc.written + s.writer.written,
      duplicates: acc.duplicates + s.writer.duplicates,
      failures: acc.failures + s.writer.failures,
      flushes: acc.flushes + s.writer.flushes,
    }),
    { accepted: 0, written: 0, duplicates: 0, failures: 0, flushes: 0 },
  )

  const rowsOut: [string, string][] = [
    ['database', database.label],
    ['clients connected (hello + JOIN acked)', `${fmt(connected)} of ${fmt(clients)} requested${clients < requested ? ` (capped from ${fmt(requested)})` : ''} in ${fmt(connectSec, 1)} s`],
    ['heartbeat interval · steady phase', `${intervalSec} s (random phase) · ${seconds} s → offered ${fmt(connected / intervalSec)} events/s`],
    [
      'heartbeats sent · acked ok · rejected · ack timeouts',
      `${fmt(merged.sent)} · ${fmt(merged.ok)} · ${fmt(sum(Object.values(rejected)))}${Object.keys(rejected).length ? ` ${JSON.stringify(rejected)}` : ''} · ${fmt(merged.timedOut)}`,
    ],
    ['ledger rows in the database (JOIN + HEARTBEAT)', `${fmt(joinRows)} + ${fmt(heartbeatRows)} = ${fmt(inDb)}`],
    ['LOST (acked ok − rows in the database)', `${fmt(ackedOk - inDb)}   (target 0)`],
    [
      'sustained ledger writes/s (heartbeat rows / write window)',
      `${fmt(sustained)} rows/s over ${fmt(writeWindowSec, 1)} s (writer caught up ${fmt(Math.max(0, drainedAt - endAt) / 1000, 1)} s after the last send; most pending ${fmt(maxPending)})`,
    ],
    ['baseline: LedgerWriter, 2000-row flushes back to back, no sockets', `${fmt(ceiling)} rows/s → the ingest used ${fmt((100 * sustained) / ceiling, 1)} % of it`],
    ['heartbeat ack latency p50 · p99 · max', `${fmt(latency.quantile(0.5), 2)} · ${fmt(latency.quantile(0.99), 2)} · ${fmt(latency.max, 1)} ms   (target p99 < 200 ms)`],
    [
      'baseline: echo ack latency p50 · p99 · max',
      `${fmt(echo.quantile(0.5), 2)} · ${fmt(echo.quantile(0.99), 2)} · ${fmt(echo.max, 1)} ms   (${fmt(merged.echoOk)} echoes, ${fmt(merged.echoTimedOut)} timed out)`,
    ],
    ['ratio heartbeat / echo  p50 · p99', `${fmt(latency.quantile(0.5) / echo.quantile(0.5), 2)}× · ${fmt(latency.quantile(0.99) / echo.quantile(0.99), 2)}×`],
    [
      'CPU in the connect ramp, in cores',
      `machine ${fmt((rampCpuAfter.busy - rampCpuBefore.busy) / connectSec, 2)}: server ${fmt(rampServerCpu / connectSec, 2)} (${fmt(
        (rampServerCpu * 1000) / connected,
        2,
      )} ms per attendee), load generator ${fmt(sum(connectReports.map((r) => r.cpuMicros)) / 1e6 / connectSec, 2)}, PostgreSQL ${fmt(
        sum([...rampCpuAfter.postgres].map(([pid, s]) => s - (rampCpuBefore.postgres.get(pid) ?? 0))) / connectSec,
        2,
      )}`,
    ],
    [
      'connect ramp p50 / p99: handshake · hello · JOIN',
      (['connect', 'hello', 'join'] as const).map((k) => `${fmt(ramp[k].quantile(0.5), 1)} / ${fmt(ramp[k].quantile(0.99), 1)}`).join(' · ') + ` ms (${fmt(connectConcurrency)} in flight)`,
    ],
    ['server RSS before → after connect', `${fmt(mib(sum(before.map((s) => s.mem.rss))), 1)} → ${fmt(mib(sum(after.map((s) => s.mem.rss))), 1)} MiB`],
    [
      'server memory per connection: RSS · JS heap',
      `${fmt(kib(rssDelta / connected), 1)} KiB · ${fmt(kib(heapDelta / connected), 1)} KiB   (${fmt(fdsDelta / connected, 2)} file descriptors)${
        rssDelta < 0.1 * sum(before.map((s) => s.mem.rss)) ? '; the RSS change is within its noise at this scale (the allocator reuses pages freed after start-up): read the heap figure' : ''
      }`,
    ],
    [
      'server event-loop delay in the steady phase p99 · max',
      `${fmt(Math.max(peakLoopDelay, ...runStats.map((s) => s.loopDelay.p99)), 1)} · ${fmt(Math.max(...runStats.map((s) => s.loopDelay.max)), 1)} ms`,
    ],
    [
      'ledger writer: accepted · written · duplicates · flushes · failures',
      `${fmt(writer.accepted)} · ${fmt(writer.written)} · ${fmt(writer.duplicates)} · ${fmt(writer.flushes)} · ${fmt(writer.failures)}`,
    ],
    ['unexpected disconnects in the steady phase', Object.keys(disconnects).length ? JSON.stringify(disconnects) : 'none'],
    [
      `CPU in the steady phase (${fmt(window / os.availableParallelism(), 1)} s × ${os.availableParallelism()} cores), in cores`,
      `machine ${fmt(cores(busy), 2)} = server ${fmt(cores(serverCpu), 2)} + load generator ${fmt(cores(generatorCpu), 2)} (${workerCount} processes) + PostgreSQL (every backend on the server) ${fmt(
        cores(postgresCpu),
        2,
      )} + orchestrator ${fmt(cores(selfCpu), 2)} + other ${fmt(cores(busy - serverCpu - generatorCpu - postgresCpu - selfCpu), 2)}`,
    ],
    ['load generator RSS (all workers)', `${fmt(mib(sum(reports.map((r) => r.rss))))} MiB; its event-loop delay p99 (worst worker) ${fmt(Math.max(...reports.map((r) => r.loopDelayP99)), 1)} ms`],
  ]
  console.log('\nAttendance ingest')
  const width = Math.max(...rowsOut.map(([k]) => k.length))
  for (const [k, v] of rowsOut) console.log(`  ${k.padEnd(width)}  ${v}`)
  console.log(`\n  ${limits}; the processes were not pinned: the OS scheduler shared the ${os.availableParallelism()} cores between them.`)
} finally {
  await cleanUp()
}
