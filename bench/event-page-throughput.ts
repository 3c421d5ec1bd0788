// Event-page throughput for the largest demo event (1 main + 12 sub-forums, 90 sessions)
// against a bare Remix route, both served by the real production server in the same run.
// Target (issue 3): event page ≥ 0.7× the bare route's requests/s, p99 < 100 ms at 50
// concurrent requests. Target (issue 16): the same page for a signed-in attendee (who never
// gets the public-page cache) ≥ 0.7× the bare route. The second server run measures the
// signed-in event and forum pages against the bare route requested with the same cookie
// and without one. Each route's server CPU-seconds per 1,000 requests (node processes only,
// not the database) are printed too: a figure that stays meaningful on a shared machine.
// Usage: npx tsx bench/event-page-throughput.ts [seconds per round]
import { execFileSync, spawn } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../tests/helpers/test-database.ts'
import { serverCpuSeconds } from './process-cpu.ts'
import { waitForServer } from './wait-for-server.ts'

const seconds = Number(process.argv[2] ?? 10)
const connections = 50
const root = path.resolve(import.meta.dirname, '..')

execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'ignore' })
type Figures = { rps: number; p50: number; p99: number; cpuPer1000: number }

async function measure(pageCacheMs: number, signedIn: boolean) {
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
  await waitForServer(base)
  const event = `${base}/events/shanghai-hospital-management-congress-2026`
  // The demo attendee (CONFIRMED for this event), signed in through the real log-in form.
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email: 'attendee@demo.cme-forum.org', password: 'demo-password', redirectTo: '' }),
  })
  const cookie = login.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`log-in answered ${login.status} without a cookie`)
  const targets: Record<Target, { url: string; cookie?: string }> = {
    bare: { url: `${base}/bench/bare` },
    event: { url: event },
    bareSignedIn: { url: `${base}/bench/bare`, cookie },
    eventSignedIn: { url: event, cookie },
    forumSignedIn: { url: `${event}/forums/sub-01`, cookie },
  }
  const wanted = signedIn ? (Object.keys(targets) as Target[]) : (['bare', 'event'] as const)
  const page = (t: Target) => fetch(targets[t].url, { headers: targets[t].cookie ? { cookie: targets[t].cookie } : {} })
  for (const t of wanted) {
    const res = await page(t)
    if (!res.ok) throw new Error(`${t} answered ${res.status}`)
    if (targets[t].cookie && !(await res.text()).includes('data-testid="nav-profile"')) throw new Error(`${t} is not signed in`)
  }
  const run = async (t: Target): Promise<Figures> => {
    const { url, cookie } = targets[t]
    const cpuBefore = serverCpuSeconds(server.pid!)
    const result = await autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} })
    const cpu = serverCpuSeconds(server.pid!) - cpuBefore
    if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPer1000: (cpu / result.requests.total) * 1000 }
  }
  for (const t of wanted) await run(t) // warm-up (JIT, caches, connection pool)
  const rounds = Object.fromEntries(wanted.map((t) => [t, [] as Figures[]])) as Record<Target, Figures[]>
  // Interleaved rounds, so machine noise hits every side alike.
  for (let i = 0; i < 2; i++) for (const t of wanted) rounds[t].push(await run(t))
  const kib = Object.fromEntries(await Promise.all(wanted.map(async (t) => [t, (await (await page(t)).text()).length / 1024]))) as Record<Target, number>
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  await rm(dataDir, { recursive: true, force: true })
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const summary = (k: Target): Figures => ({
    rps: mean(rounds[k].map((r) => r.rps)),
    p50: mean(rounds[k].map((r) => r.p50)),
    p99: Math.max(...rounds[k].map((r) => r.p99)),
    cpuPer1000: mean(rounds[k].map((r) => r.cpuPer1000)),
  })
  return { figures: Object.fromEntries(wanted.map((t) => [t, summary(t)])) as Partial<Record<Target, Figures>>, kib }
}

type Target = 'bare' | 'event' | 'bareSignedIn' | 'eventSignedIn' | 'forumSignedIn'
const labels: Record<Target, string> = {
  bare: 'bare Remix route',
  event: 'event page (90 sess.)',
  bareSignedIn: 'bare route, signed in',
  eventSignedIn: 'event page, signed in',
  forumSignedIn: 'forum page, signed in',
}

console.log(`${connections} concurrent connections, 2 interleaved rounds of ${seconds} s per route, ${os.availableParallelism()} cores, embedded PostgreSQL`)
for (const [label, ms, signedIn] of [
  ['public-page cache OFF (every request rendered)', 0, false],
  ['public-page cache ON (default, 5 s, anonymous visitors; signed-in visitors never use it)', 5000, true],
] as const) {
  const { figures, kib } = await measure(ms, signedIn)
  console.log(`\n${label}`)
  for (const [t, f] of Object.entries(figures) as [Target, Figures][]) {
    console.log(`  ${labels[t].padEnd(22)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${f.p50} ms   p99 ${f.p99} ms   ${f.cpuPer1000.toFixed(2)} server CPU-s/1,000   (${kib[t].toFixed(0)} KiB HTML)`)
  }
  const { bare, event, bareSignedIn, eventSignedIn, forumSignedIn } = figures
  console.log(`  ratio event/bare: ${(event!.rps / bare!.rps).toFixed(2)}x (target ≥ 0.70)   event p99: ${event!.p99} ms (target < 100 ms)`)
  if (eventSignedIn && bareSignedIn && forumSignedIn) {
    console.log(
      `  ratio signed-in event/bare: ${(eventSignedIn.rps / bare!.rps).toFixed(2)}x (target ≥ 0.70); against the bare route with the same cookie: ${(eventSignedIn.rps / bareSignedIn.rps).toFixed(2)}x`,
    )
    console.log(`  ratio signed-in forum/bare: ${(forumSignedIn.rps / bare!.rps).toFixed(2)}x; against the bare route with the same cookie: ${(forumSignedIn.rps / bareSignedIn.rps).toFixed(2)}x`)
  }
}
