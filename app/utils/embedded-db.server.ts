import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { logger } from './logger.server.ts'

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) served over TCP,
 * so the same Prisma adapter, migrations and SQL run as on a real server. For laptops
 * and demos; production sets DATABASE_URL. See docs/decisions/002-embedded-postgres.md.
 */
export type EmbeddedDb = { url: string; stop: () => Promise<void> }

export async function startEmbeddedDb(options: { dataDir: string; port: number; maxConnections: number }): Promise<EmbeddedDb> {
  const dataDir = path.resolve(options.dataDir)
  await mkdir(dataDir, { recursive: true })
  const started = Date.now()
  const db = await PGlite.create(dataDir)
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections })
  try {
    await server.start()
  } catch (error) {
    await db.close()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port} for the embedded database is in use; set EMBEDDED_DB_PORT to a free port, or DATABASE_URL to use PostgreSQL`)
    }
    throw error
  }
  const url = `postgresql://postgres:postgres@127.0.0.1:${options.port}/postgres?sslmode=disable`
  logger.info({ dataDir, port: options.port, ms: Date.now() - started }, 'embedded database started')
  return {
    url,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
