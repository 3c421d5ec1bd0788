import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { freePort, scratchFolder } from './test-database.ts'

/**
 * The real server for HTTP-level integration tests: server.ts in production mode (the Express
 * middleware chain in front of the built Remix app), in a process of its own, so a test can
 * measure its memory and its event loop from outside. No media server; the test file's own
 * database.
 *
 * It runs a copy of the build of its own (node_modules/.cache/cme-app-server/build), made when
 * that copy is missing or older than the sources: the e2e set-up rebuilds build/ at every run,
 * and a server reading build/ while it is being rebuilt would fail at random. The server's
 * working directory is the copy's folder (server.ts reads ./build and ./public); inside the
 * project, so packages and tsconfig.json are found by walking up, as from the root.
 */

const root = path.resolve(import.meta.dirname, '../..')
const serverRoot = path.join(root, 'node_modules', '.cache', 'cme-app-server')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated') continue
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const sourcesMtime = () => Math.max(newestMtime(path.join(root, 'app')), statSync(path.join(root, 'vite.config.ts')).mtimeMs)
const fresh = (serverBuild: string) => existsSync(serverBuild) && statSync(serverBuild).mtimeMs >= sourcesMtime()

/** A build of the current sources in serverRoot: build/'s when that is fresh, else a new one. */
export function ensureBuild(): void {
  const copy = path.join(serverRoot, 'build', 'server', 'index.js')
  if (fresh(copy)) return
  const built = path.join(root, 'build', 'server', 'index.js')
  // A production build (vitest's NODE_ENV=test would give React's development build).
  if (!fresh(built))
    execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })
  mkdirSync(serverRoot, { recursive: true })
  const next = path.join(serverRoot, `build-${process.pid}`)
  cpSync(path.join(root, 'build'), next, { recursive: true, preserveTimestamps: true })
  rmSync(path.join(serverRoot, 'build'), { recursive: true, force: true })
  renameSync(next, path.join(serverRoot, 'build'))
  if (!existsSync(path.join(serverRoot, 'public'))) symlinkSync(path.join(root, 'public'), path.join(serverRoot, 'public'))
}

export type AppServer = {
  url: string
  pid: number
  /** Everything the server logged so far (pino JSON lines and anything else). */
  log: () => string
  /** The server's resident memory, from /proc (Linux). */
  rssBytes: () => Promise<number>
  stop: () => Promise<void>
}

export async function startAppServer(options: { databaseUrl: string; env?: Record<string, string> }): Promise<AppServer> {
  ensureBuild()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const dataDir = await scratchFolder('app-server')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    // The data folder (generated secrets) is the parent of this; nothing runs in it.
    EMBEDDED_DB_DIR: path.join(dataDir, 'postgres'),
    MEDIA_SERVER: 'off',
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: 'info',
    PUBLIC_PAGE_CACHE_MS: '0',
    // One process unless a test asks for more: tests measure its memory and read its log.
    WEB_CONCURRENCY: '1',
    ...options.env,
  }
  delete env.VITEST // the server is not a test process
  let log = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: serverRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`)
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`)
    const healthy = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    )
    if (healthy) break
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    pid: child.pid!,
    log: () => log,
    rssBytes: async () => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** The server's log lines that pino wrote, parsed. */
export function logEntries(log: string): { level: number; msg: string; [key: string]: unknown }[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
}
