// Every core (issue 16): the real production server (server.ts) with one HTTP process, then with
// one per core (WEB_CONCURRENCY), in the same run, the load generator (wrk, a separate process)
// on the same machine both times. Target: the bare route's requests/s with one process per core
// ≥ 1.6× the single process's, on a two-core machine. Also CPU-seconds per 1,000 requests of
// each page (user + system time of every server process, primary and children, from /proc),
// which stays meaningful on a shared machine.
//
// Usage: DATABASE_URL=postgresql://… npx tsx bench/cores.ts [seconds per round] [processes]
// Needs wrk (Debian: apt-get install -y wrk). Serialize with other benchmarks: flock /tmp/bench.lock …
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { waitForHealthy } from '../tests/helpers/global-app-setup.ts'
import { send } from '../tests/helpers/http-probe.ts'
import { createTestDatabase, freePort } from '../tests/helpers/test-database.ts'
import { serverCpuSeconds } from './process-cpu.ts'

const seconds = Number(process.argv[2] ?? 10)
const many = Number(process.argv[3] ?? os.availableParallelism())
const connections = 50
const root = path.resolve(import.meta.dirname, '..')

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench/cores.ts needs wrk, a load generator in C: apt-get install -y wrk')
  process.exit(1)
}
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL to a PostgreSQL server (each run makes its own schema).')
  process.exit(1)
}

execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'ignore' })

function wrk(url: string): { rps: number; requests: number; p99: string; errors: string } {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const p99 = /99%\s+(\S+)/.exec(out)?.[1] ?? '?'
  const errors = [/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[0], /Socket errors: .*/.exec(out)?.[0]].filter(Boolean).join('; ')
  return { rps, requests, p99, errors }
}

type Row = { page: string; rps: number; p99: string; cpuPer1000: number }

async function measure(processes: number, databaseUrl: string): Promise<Row[]> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'true',
    MEDIA_SERVER: 'off',
    WEB_CONCURRENCY: String(processes),
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
    const pages = { bare: '/bench/bare', 'event page (anonymous, micro-cached)': '/events/shanghai-hospital-management-congress-2026', healthz: '/healthz' }
    const rows: Row[] = []
    for (const [page, p] of Object.entries(pages)) {
      // A connection of its own: a pooled one may have been closed by the server while wrk ran.
      const res = await send(`${base}${p}`, { method: 'GET' })
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`)
      wrk(`${base}${p}`) // warm-up: JIT, caches, pools, in every process
      const before = serverCpuSeconds(server.pid!)
      const r = wrk(`${base}${p}`)
      const cpu = serverCpuSeconds(server.pid!) - before
      if (r.errors) console.warn(`  ${page}: ${r.errors}`)
      rows.push({ page, rps: r.rps, p99: r.p99, cpuPer1000: (cpu / r.requests) * 1000 })
    }
    return rows
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)))
  }
}

const db = await createTestDatabase('bench_cores')
try {
  console.log(`cores: ${os.availableParallelism()}, load: wrk -t1 -c${connections} -d${seconds}s, same machine`)
  const one = await measure(1, db.url)
  const n = await measure(many, db.url)
  console.log(`\n  page                                   1 process req/s (p99)   ${many} processes req/s (p99)   ratio   CPU-s/1000 req (1 → ${many})`)
  for (let i = 0; i < one.length; i++) {
    const a = one[i]!
    const b = n[i]!
    console.log(
      `  ${a.page.padEnd(38)} ${a.rps.toFixed(0).padStart(8)} (${a.p99.padStart(7)})      ${b.rps.toFixed(0).padStart(8)} (${b.p99.padStart(7)})       ${(b.rps / a.rps).toFixed(2)}×   ${a.cpuPer1000.toFixed(3)} → ${b.cpuPer1000.toFixed(3)}`,
    )
  }
  console.log(`\n  target: bare route ≥ 1.60× with one process per core; measured ${(n[0]!.rps / one[0]!.rps).toFixed(2)}×`)
} finally {
  await db.drop()
}
