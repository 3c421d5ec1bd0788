import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { chromiumPath } from './chromium.ts'
import { FAKE_SECRET_KEY, FAKE_WEBHOOK_SECRET, startStripeFake } from './stripe-fake.ts'
import { createTestDatabase, freePort } from './test-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    stripeFakeUrl: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')

async function waitForHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${output()}`)
}

/**
 * Builds the app and starts the real server (Remix + socket.io + mediasoup worker) on a
 * free port against a fresh database: a new schema in DATABASE_URL's PostgreSQL when
 * set, else the server's own embedded database in a temp folder.
 */
export default async function setup(project: TestProject) {
  chromiumPath() // fail early with a readable message
  execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'pipe' })

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const stripe = await startStripeFake({ webhookUrl: () => `${baseUrl}/api/stripe/webhook` })
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cme-e2e-'))
  const db = process.env.DATABASE_URL ? await createTestDatabase('e2e') : null
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    MEDIASOUP_WORKERS: '1',
    MEDIASOUP_RTC_MIN_PORT: '47000',
    MEDIASOUP_RTC_MAX_PORT: '47999',
    EMBEDDED_DB_DIR: path.join(dataDir, 'pglite'),
    EMBEDDED_DB_PORT: String(await freePort()),
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: 'warn',
    STRIPE_SECRET_KEY: FAKE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
  }
  if (db) env.DATABASE_URL = db.url
  else delete env.DATABASE_URL

  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  await waitForHealthy(baseUrl, child, () => log)
  project.provide('baseUrl', baseUrl)
  project.provide('stripeFakeUrl', stripe.url)

  return async () => {
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    await stripe.close()
    await db?.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
