import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { embeddedDbUrl } from '../../app/utils/embedded-db.server.ts'
import { waitForHealthy } from './global-app-setup.ts'
import { startSmtpMailbox } from './smtp-sink.ts'
import { createTestDatabase, freePort, scratchFolder } from './test-database.ts'

export type BrowserAppServer = {
  baseUrl: string
  /** Its database, for the test's own fixtures. */
  databaseUrl: string
  /** Every mail it sent, as JSON files (waitForMail). */
  mailboxDir: string
  stop: () => Promise<void>
}

const root = path.resolve(import.meta.dirname, '../..')

/**
 * A second app server for a browser test file that needs the app configured otherwise than the
 * run's shared one (tests/helpers/global-app-setup.ts), e.g. without Stripe. It runs the same
 * production build (build/, which the global set-up made at the start of this run, so no rebuild
 * can pull assets from under the shared server), on a free port, with mail over SMTP to a loopback
 * mailbox of its own and no media server. No demo data (seeding it doubles the start-up): the
 * test creates the people it needs. Its database is a new schema in
 * DATABASE_URL's PostgreSQL when that is set, else the server's own embedded database.
 *
 * `env` is laid over the shared server's settings; an empty string leaves a variable unset.
 */
export async function startBrowserAppServer(label: string, env: Record<string, string> = {}): Promise<BrowserAppServer> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const dataDir = await scratchFolder(`e2e-${label}`)
  const mailboxDir = path.join(dataDir, 'mailbox')
  const smtp = await startSmtpMailbox(mailboxDir)
  const db = process.env.DATABASE_URL ? await createTestDatabase(`e2e_${label}`) : null
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SIGNUP_LIMIT_PER_HOUR: '1000',
    MEDIA_SERVER: 'off',
    CERTIFICATE_WORKER: 'false',
    EMBEDDED_DB_DIR: path.join(dataDir, 'postgres'),
    EMBEDDED_DB_PORT: String(await freePort()),
    CME_QUIET_BANNER: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    WEB_CONCURRENCY: '1',
    PRESENCE_RANDOM_PER_HOUR: '0',
    SMTP_URL: smtp.url,
    EMAIL_DELIVERY_INTERVAL_MS: '200',
    ...env,
  }
  delete serverEnv.VITEST // the server is not a test process
  if (db) serverEnv.DATABASE_URL = db.url
  else delete serverEnv.DATABASE_URL

  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], { cwd: root, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    await smtp.close()
    await db?.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealthy(baseUrl, child, () => log)
    // The embedded database has a password of its own, stored in its folder on first start.
    const databaseUrl = db?.url ?? (await embeddedDbUrl(serverEnv.EMBEDDED_DB_DIR!, Number(serverEnv.EMBEDDED_DB_PORT)))
    return { baseUrl, databaseUrl, mailboxDir, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
