// Sign-in rush (issue 16): thousands sign in within a minute. The real production server
// (server.ts) with one HTTP process, then one per core, in the same run; `logins` accounts with
// production password hashes (@node-rs/argon2's defaults, as sign-up stores them) log in
// through POST /login, 50 at a time, each from its own address (X-Forwarded-For behind a
// trusted proxy, as a load balancer sends it). Prints log-ins per second, per core, CPU-seconds
// per 1,000 log-ins, and /healthz latency measured during the rush: argon2 runs in libuv's
// thread pool, so the event loop keeps answering while hashes are checked.
//
// Usage: DATABASE_URL=postgresql://… npx tsx bench/login-rush.ts [logins] [processes]
// Serialize with other benchmarks: flock /tmp/bench.lock …
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { hash } from '@node-rs/argon2'
import { threadPoolSize } from '../app/domain/process-layout.ts'
import { createPrisma } from '../app/utils/db.server.ts'
import { waitForHealthy } from '../tests/helpers/global-app-setup.ts'
import { form, FORM, send } from '../tests/helpers/http-probe.ts'
import { createTestDatabase, freePort } from '../tests/helpers/test-database.ts'
import { serverCpuSeconds } from './process-cpu.ts'

const logins = Number(process.argv[2] ?? 600)
const many = Number(process.argv[3] ?? os.availableParallelism())
const concurrency = 50
const root = path.resolve(import.meta.dirname, '..')
const PASSWORD = 'a-long-rush-password-2026'

if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL to a PostgreSQL server (each run makes its own schema).')
  process.exit(1)
}
execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'ignore' })

const db = await createTestDatabase('bench_login')

type Figures = { perSecond: number; cpuPer1000: number; p50: number; p99: number; healthP99: number; healthMax: number; uv: number }

async function measure(processes: number, round: number): Promise<Figures> {
  const port = await freePort()
  const uv = threadPoolSize(os.availableParallelism(), processes)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    MEDIA_SERVER: 'off',
    WEB_CONCURRENCY: String(processes),
    // One process: the primary does not size it, so set what it would.
    UV_THREADPOOL_SIZE: String(uv),
    TRUST_PROXY: 'loopback',
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: 'error',
  }
  let log = ''
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForHealthy(base, server, () => log)
    const logIn = async (i: number) => {
      const t0 = performance.now()
      const res = await send(`${base}/login`, {
        headers: { ...FORM, 'x-forwarded-for': `10.${round}.${i >> 8}.${i & 255}` },
        body: form({ email: `rush-${i}@bench.cme-forum.org`, password: PASSWORD }),
      })
      if (res.status !== 302) throw new Error(`log-in ${i} answered ${res.status}: ${res.body.slice(0, 200)}`)
      return performance.now() - t0
    }
    // Warm-up: JIT and pools in every process.
    for (let i = 0; i < 20; i++) await logIn(i)
    const health: number[] = []
    let rushing = true
    const probe = (async () => {
      while (rushing) {
        const t0 = performance.now()
        await send(`${base}/healthz`, { method: 'GET' })
        health.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const before = serverCpuSeconds(server.pid!)
    const started = performance.now()
    const latencies: number[] = []
    let next = 20
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < logins) latencies.push(await logIn(next++))
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    const cpu = serverCpuSeconds(server.pid!) - before
    rushing = false
    await probe
    const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
    return {
      perSecond: latencies.length / elapsed,
      cpuPer1000: (cpu / latencies.length) * 1000,
      p50: pct(latencies, 0.5),
      p99: pct(latencies, 0.99),
      healthP99: pct(health, 0.99),
      healthMax: Math.max(...health),
      uv,
    }
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)))
  }
}

try {
  // The accounts, created directly: one production hash serves them all (same password).
  const prisma = createPrisma(db.url, 2)
  const { migrate } = await import('../app/utils/migrate.server.ts')
  await migrate(db.url)
  const t0 = performance.now()
  const passwordHash = await hash(PASSWORD)
  const hashMs = performance.now() - t0
  await prisma.user.createMany({ data: Array.from({ length: logins }, (_, i) => ({ email: `rush-${i}@bench.cme-forum.org`, passwordHash, realName: `Rush ${i}`, role: 'ATTENDEE' as const })) })
  await prisma.$disconnect()

  console.log(
    `cores: ${os.availableParallelism()}; ${logins} log-ins, ${concurrency} at a time; one argon2id hash (production settings: ${passwordHash.split('$')[3]}) took ${hashMs.toFixed(0)} ms here`,
  )
  const one = await measure(1, 1)
  const n = await measure(many, 2)
  const row = (label: string, f: Figures, procs: number) =>
    console.log(
      `  ${label.padEnd(14)} ${f.perSecond.toFixed(1).padStart(7)} log-ins/s  (${(f.perSecond / Math.min(procs, os.availableParallelism())).toFixed(1)} per core)   ${f.cpuPer1000.toFixed(1)} CPU-s/1000   p50 ${f.p50.toFixed(0)} ms  p99 ${f.p99.toFixed(0)} ms   /healthz during the rush p99 ${f.healthP99.toFixed(0)} ms, max ${f.healthMax.toFixed(0)} ms   UV_THREADPOOL_SIZE=${f.uv}`,
    )
  console.log('')
  row('1 process', one, 1)
  row(`${many} processes`, n, many)
  console.log(`\n  ratio ${many} processes / 1: ${(n.perSecond / one.perSecond).toFixed(2)}×`)
} finally {
  await db.drop()
}
