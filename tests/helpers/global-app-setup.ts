import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { chromiumPath } from './chromium.ts'
import { startSmtpMailbox } from './smtp-sink.ts'
import { FAKE_SECRET_KEY, FAKE_WEBHOOK_SECRET, startStripeFake } from './stripe-fake.ts'
import { embeddedDbUrl } from '../../app/utils/embedded-db.server.ts'
import { createTestDatabase, freePort, scratchFolder } from './test-database.ts'
import { mediaPortsEnv } from './media-ports.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    stripeFakeUrl: string
    /** The database the test server runs on, for tests that set up their own fixtures. */
    appDatabaseUrl: string
    /** The test server's RECORDINGS_DIR: tests write (synthetic) HLS recordings there. */
    recordingsDir: string
    /** Every mail the test server sent, as a JSON file (tests/helpers/smtp-sink.ts readMailbox / waitForMail). */
    mailboxDir: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')

export async function waitForHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000) {
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
  // A production build, as `npm start` makes: vitest's NODE_ENV=test would give React's development
  // build (StrictMode's double effects, dev-only warnings, slower pages) to the browser tests.
  execFileSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const stripe = await startStripeFake({ webhookUrl: () => `${baseUrl}/api/stripe/webhook` })
  const dataDir = await scratchFolder('e2e')
  const db = process.env.DATABASE_URL ? await createTestDatabase('e2e') : null
  const recordingsDir = path.join(dataDir, 'recordings')
  // Mail goes over SMTP to a real server on loopback, which files each message for the tests to read.
  const mailboxDir = path.join(dataDir, 'mailbox')
  const smtp = await startSmtpMailbox(mailboxDir)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    // Every browser test signs its people up from 127.0.0.1; the default (10 an hour) is for real clients.
    SIGNUP_LIMIT_PER_HOUR: '1000',
    // Two workers: the live tests kill the one hosting a room and watch it come back on the other.
    MEDIASOUP_WORKERS: '2',
    ...mediaPortsEnv('browser-app'),
    MEDIASOUP_LISTEN_IP: '127.0.0.1',
    MEDIA_TEST_HOOKS: 'true',
    EMBEDDED_DB_DIR: path.join(dataDir, 'postgres'),
    // HLS recordings (issue 12): the server serves /media/hls from here; tests put recordings here.
    RECORDINGS_DIR: recordingsDir,
    EMBEDDED_DB_PORT: String(await freePort()),
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    // One process: the browser tests watch one server's media rooms and logs; tests/integration/cluster.test.ts runs two.
    WEB_CONCURRENCY: '1',
    // Browser tests trigger presence checks themselves; random ones would appear by chance.
    PRESENCE_RANDOM_PER_HOUR: '0',
    STRIPE_SECRET_KEY: FAKE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    SMTP_URL: smtp.url,
    // Tests wait for mails: the delivery job looks for queued ones five times a second, not every 5 s.
    EMAIL_DELIVERY_INTERVAL_MS: '200',
  }
  if (db) env.DATABASE_URL = db.url
  else delete env.DATABASE_URL

  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  // E2E_SERVER_LOG=<file> keeps the server's log for a failing run (with E2E_LOG_LEVEL=info for more).
  const keep = process.env.E2E_SERVER_LOG ? createWriteStream(process.env.E2E_SERVER_LOG) : null
  child.stdout!.on('data', (d: Buffer) => ((log += d.toString()), keep?.write(d)))
  child.stderr!.on('data', (d: Buffer) => ((log += d.toString()), keep?.write(d)))
  await waitForHealthy(baseUrl, child, () => log)
  // The server's embedded database has a password of its own, stored in its folder on first start.
  const appDatabaseUrl = db?.url ?? (await embeddedDbUrl(env.EMBEDDED_DB_DIR!, Number(env.EMBEDDED_DB_PORT)))
  project.provide('baseUrl', baseUrl)
  project.provide('stripeFakeUrl', stripe.url)
  project.provide('appDatabaseUrl', appDatabaseUrl)
  project.provide('recordingsDir', recordingsDir)
  project.provide('mailboxDir', mailboxDir)

  return async () => {
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    await stripe.close()
    await smtp.close()
    await db?.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
