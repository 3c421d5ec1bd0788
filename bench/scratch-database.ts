import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'
import { freePort } from '../tests/helpers/test-database.ts'

export type Cleanup = () => Promise<unknown> | unknown

/**
 * A migrated database for one bench run: a scratch database next to DATABASE_URL (dropped
 * afterwards), or an embedded PostgreSQL in a temporary folder. Its clean-up goes onto `cleanups`.
 */
export async function scratchDatabase(label: string, options: { maxConnections: number; cleanups: Cleanup[] }): Promise<{ url: string; label: string }> {
  const base = process.env.DATABASE_URL
  if (base) {
    const admin = new URL(base)
    admin.searchParams.delete('schema')
    const name = `cme_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`
    const run = async (sql: string) => {
      const client = new pg.Client({ connectionString: admin.toString() })
      await client.connect()
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    }
    await run(`CREATE DATABASE "${name}"`)
    options.cleanups.push(() => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    const url = new URL(admin)
    url.pathname = `/${name}`
    await migrate(url.toString())
    return { url: url.toString(), label: `PostgreSQL (scratch database ${name})` }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `cme-bench-${label}-`))
  const db = await startEmbeddedDb({ dataDir: dir, port: await freePort(), maxConnections: options.maxConnections })
  options.cleanups.push(async () => {
    await db.stop()
    await rm(dir, { recursive: true, force: true })
  })
  await migrate(db.url)
  return { url: db.url, label: 'embedded PostgreSQL' }
}
