import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
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

/**
 * A fresh, migrated database for one test run: a new schema in DATABASE_URL's
 * PostgreSQL when it is set, else an embedded PGlite in a temp folder. Never a mock.
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
  const dir = await mkdtemp(path.join(os.tmpdir(), `cme-${label}-`))
  const db = await startEmbeddedDb({ dataDir: dir, port: await freePort(), maxConnections: 30 })
  await migrate(db.url)
  return {
    url: db.url,
    kind: 'embedded',
    drop: async () => {
      await db.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
