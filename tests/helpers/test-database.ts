import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedDb } from '../../app/utils/embedded-db.server.ts'
import { migrate } from '../../app/utils/migrate.server.ts'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

/** A scratch folder the embedded PostgreSQL can reach when tests run as root (mkdtemp makes it 0700). */
export async function scratchFolder(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cme-${label}-`))
  await chmod(dir, 0o755)
  return dir
}

/**
 * A fresh, migrated database for one test run, never a mock: a new schema in DATABASE_URL's
 * PostgreSQL when it is set; else one embedded PostgreSQL cluster in a temp folder, whose
 * migrated database is the template each test file copies (tests/helpers/file-database.ts).
 */
export async function createTestDatabase(label: string): Promise<{ url: string; kind: 'postgresql' | 'embedded'; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL
  if (base) {
    const schema = `test_${label}_${randomBytes(4).toString('hex')}`
    const u = new URL(base)
    u.searchParams.set('schema', schema)
    const url = u.toString()
    await migrate(url)
    return {
      url,
      kind: 'postgresql',
      drop: async () => {
        const plain = new URL(base)
        plain.searchParams.delete('schema')
        const client = new pg.Client({ connectionString: plain.toString() })
        await client.connect()
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        // The certificate job queue (pg-boss) keeps its tables beside the schema (app/services/credits/certificate-queue.server.ts).
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`)
        await client.end()
      },
    }
  }
  const dir = await scratchFolder(label)
  // Room for a test file's pools (up to 20 + 3 for pg-boss), servers it starts, and the previous file's stragglers.
  const db = await startEmbeddedDb({ dataDir: path.join(dir, 'postgres'), port: await freePort(), maxConnections: 100 })
  try {
    const url = withDatabase(db.url, `template_${label}`)
    await runAdmin(db.url, `CREATE DATABASE "template_${label}"`)
    await migrate(url)
    return {
      url,
      kind: 'embedded',
      drop: async () => {
        await db.stop()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await db.stop()
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

async function runAdmin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A database of its own for one test file, copied from the run's migrated template on the embedded cluster. */
export async function copyTemplateDatabase(templateUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = decodeURIComponent(new URL(templateUrl).pathname.slice(1))
  const name = `test_${process.env.VITEST_POOL_ID ?? '0'}_${randomBytes(4).toString('hex')}`
  await runAdmin(templateUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  return {
    url: withDatabase(templateUrl, name),
    // FORCE: a client a test left open must not keep the database alive.
    drop: () => runAdmin(templateUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  }
}
