// Event-page throughput for the largest demo event (1 main + 12 sub-forums, 90 sessions)
// against a bare Remix route, both served by the real production server in the same run.
// Target (issue 3): event page ≥ 0.7× the bare route's requests/s, p99 < 100 ms at 50
// concurrent requests. Usage: npx tsx bench/event-page-throughput.ts [seconds per round]
import { execFileSync, spawn } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../tests/helpers/test-database.ts'

const seconds = Number(process.argv[2] ?? 10)
const connections = 50
const root = path.resolve(import.meta.dirname, '..')

execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'ignore' })
type Figures = { rps: number; p50: number; p99: number }

async function measure(pageCacheMs: number) {
  const port = await freePort()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cme-bench-'))
  // As root, PostgreSQL runs as the user postgres, who must get through the folder (mkdtemp makes it 0700).
  await chmod(dataDir, 0o755)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    MEDIA_SERVER: 'off',
    PUBLIC_PAGE_CACHE_MS: String(pageCacheMs),
    EMBEDDED_DB_DIR: path.join(dataDir, 'postgres'),
    EMBEDDED_DB_PORT: String(await freePort()),
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: 'error',
  }
  delete env.DATABASE_URL
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env, stdio: 'inherit' })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((r) => setTimeout(r, 250))
  }
  const targets = { bare: `${base}/bench/bare`, event: `${base}/events/shanghai-hospital-management-congress-2026` }
  for (const url of Object.values(targets)) {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`${url} answered ${res.status}`)
  }
  const run = async (url: string): Promise<Figures> => {
    const result = await autocannon({ url, connections, duration: seconds })
    if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
  }
  await run(targets.bare) // warm-up (JIT, caches, connection pool)
  await run(targets.event)
  const rounds: Record<'bare' | 'event', Figures[]> = { bare: [], event: [] }
  // Interleaved rounds, so machine noise hits both sides alike.
  for (let i = 0; i < 2; i++) {
    rounds.bare.push(await run(targets.bare))
    rounds.event.push(await run(targets.event))
  }
  const html = await (await fetch(targets.event)).text()
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  await rm(dataDir, { recursive: true, force: true })
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const summary = (k: 'bare' | 'event'): Figures => ({ rps: mean(rounds[k].map((r) => r.rps)), p50: mean(rounds[k].map((r) => r.p50)), p99: Math.max(...rounds[k].map((r) => r.p99)) })
  return { bare: summary('bare'), event: summary('event'), kib: html.length / 1024 }
}

console.log(`${connections} concurrent connections, 2 interleaved rounds of ${seconds} s per route, ${os.availableParallelism()} cores, embedded PostgreSQL`)
for (const [label, ms] of [
  ['public-page cache OFF (every request rendered)', 0],
  ['public-page cache ON (default, 5 s, anonymous visitors)', 5000],
] as const) {
  const { bare, event, kib } = await measure(ms)
  console.log(`\n${label}`)
  console.log(`  bare Remix route      ${bare.rps.toFixed(0).padStart(6)} req/s   p50 ${bare.p50} ms   p99 ${bare.p99} ms`)
  console.log(`  event page (90 sess.) ${event.rps.toFixed(0).padStart(6)} req/s   p50 ${event.p50} ms   p99 ${event.p99} ms   (${kib.toFixed(0)} KiB HTML)`)
  console.log(`  ratio event/bare: ${(event.rps / bare.rps).toFixed(2)}x (target ≥ 0.70)   event p99: ${event.p99} ms (target < 100 ms)`)
}
