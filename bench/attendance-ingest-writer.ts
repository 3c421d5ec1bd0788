// The ledger writer through a database hiccup (issue 5): rows arrive at a steady rate (default
// 2,000/s, three times 20,000 viewers' heartbeats) while another connection holds an EXCLUSIVE
// lock on "AttendanceEvent" for 5 s, so writes stall and rows pile up past maxBatch. Reports
// the flushes, the writer's CPU, the worst event-loop delay and lost rows, against a same-run
// baseline without the hiccup. The writer shares its process with socket.io in production,
// so its CPU and loop delay are the attendees' ack latency. Figures only; never asserts.
//
// Usage: npx tsx bench/attendance-ingest-writer.ts [rowsPerSecond=2000] [seconds=20]
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import { createPrisma } from '../app/utils/db.server.ts'
import { startEmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { LedgerWriter } from '../app/services/attendance/ledger-writer.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'
import { createEvent, createTicketType } from '../tests/helpers/fixtures.ts'
import { freePort } from '../tests/helpers/test-database.ts'

const rate = Number(process.argv[2] ?? 2000)
const seconds = Number(process.argv[3] ?? 20)
const HICCUP = { at: 3000, ms: 5000 }
const REGISTRATIONS = 2000

let url: string
let cleanup = async () => {}
if (process.env.DATABASE_URL) {
  const admin = new URL(process.env.DATABASE_URL)
  admin.searchParams.delete('schema')
  const name = `cme_bench_writer_${process.pid}_${randomBytes(3).toString('hex')}`
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() })
    await c.connect()
    await c.query(sql)
    await c.end()
  }
  await run(`CREATE DATABASE "${name}"`)
  const u = new URL(admin)
  u.pathname = `/${name}`
  url = u.toString()
  cleanup = () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cme-bench-writer-'))
  const db = await startEmbeddedDb({ dataDir: dir, port: await freePort(), maxConnections: 20 })
  url = db.url
  cleanup = async () => {
    await db.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

try {
  await migrate(url)
  const db = createPrisma(url, 10)
  const event = await createEvent(db)
  const forumId = event.forums[0]!.id
  const ticket = await createTicketType(db, event.id)
  const ids = Array.from({ length: REGISTRATIONS }, (_, i) => i)
  await db.user.createMany({ data: ids.map((i) => ({ id: `writer-user-${i}`, email: `writer-${i}@bench.cme-forum.org`, passwordHash: 'x', realName: `听众${i}` })) })
  await db.registration.createMany({ data: ids.map((i) => ({ id: `writer-reg-${i}`, eventId: event.id, userId: `writer-user-${i}`, ticketTypeId: ticket.id, status: 'CONFIRMED' as const })) })

  async function run(label: string, hiccup: boolean) {
    const writer = new LedgerWriter(db, { flushMs: 500, maxBatch: 2000 }).start()
    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const started = Date.now()
    const cpuBefore = process.cpuUsage()
    let n = 0
    // Rows arrive spread over time, as socket messages do, not in 10 ms bursts.
    const arrivals = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * rate) - n
      for (let i = 0; i < due; i++, n++) {
        const now = new Date()
        writer.append({ registrationId: `writer-reg-${n % REGISTRATIONS}`, forumId, kind: 'HEARTBEAT', source: 'LIVE', receivedAt: now, clientAt: now, nonce: `${label}-${n}` })
      }
    }, 1)
    let lock: Promise<void> = Promise.resolve()
    if (hiccup) {
      lock = (async () => {
        await new Promise((r) => setTimeout(r, HICCUP.at))
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query('BEGIN')
        await c.query('LOCK TABLE "AttendanceEvent" IN EXCLUSIVE MODE')
        await new Promise((r) => setTimeout(r, HICCUP.ms))
        await c.query('COMMIT')
        await c.end()
      })()
    }
    let flushesAtRecovery = 0
    const recovered = HICCUP.at + HICCUP.ms + 2000 // two seconds to drain the backlog
    const mark = setTimeout(() => (flushesAtRecovery = writer.getStats().flushes), recovered)
    await new Promise((r) => setTimeout(r, seconds * 1000))
    clearInterval(arrivals)
    clearTimeout(mark)
    await lock
    await writer.stop()
    const cpu = process.cpuUsage(cpuBefore)
    loop.disable()
    const stats = writer.getStats()
    const rows = await db.attendanceEvent.count({ where: { nonce: { startsWith: `${label}-` } } })
    return {
      accepted: stats.accepted,
      rows,
      lost: stats.accepted - rows,
      flushes: stats.flushes,
      flushesPerSecondAfter: (stats.flushes - flushesAtRecovery) / (seconds - recovered / 1000),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
    }
  }

  const baseline = await run('steady', false)
  const hiccup = await run('hiccup', true)
  const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
  console.log(`\nLedger writer at ${fmt(rate)} rows/s for ${seconds} s, maxBatch 2000, flushMs 500 (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PostgreSQL'})`)
  console.log(`${''.padEnd(44)}${'baseline'.padStart(12)}${'5 s lock'.padStart(12)}   ratio`)
  const line = (name: string, key: keyof typeof baseline, d = 0) =>
    console.log(`${name.padEnd(44)}${fmt(baseline[key], d).padStart(12)}${fmt(hiccup[key], d).padStart(12)}   ${baseline[key] ? `${fmt(hiccup[key] / baseline[key], 2)}×` : ''}`)
  line('rows accepted', 'accepted')
  line('rows in the database', 'rows')
  line('lost (accepted − in the database)', 'lost')
  line('flushes', 'flushes')
  line(`flushes/s once recovered (after ${(HICCUP.at + HICCUP.ms + 2000) / 1000} s)`, 'flushesPerSecondAfter', 1)
  line('CPU seconds (process)', 'cpuSeconds', 2)
  line('event-loop delay p99 (ms)', 'loopP99Ms', 1)
  line('event-loop delay max (ms)', 'loopMaxMs', 1)
  await db.$disconnect()
} finally {
  await cleanup()
}
