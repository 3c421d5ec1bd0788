import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { parseDatabaseUrl } from './db.server.ts'

/**
 * Applies prisma/migrations/<name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (sha256 checksum of the
 * file, started_at/finished_at, applied_steps_count = 1), so both agree on one database.
 * Prisma's schema engine cannot be downloaded on offline machines; see
 * docs/decisions/003-own-migration-runner.md.
 */
export type MigrationResult = { applied: string[]; alreadyApplied: string[] }

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

// Prisma's own advisory lock key for migrations, so our runner and Prisma exclude each other.
const ADVISORY_LOCK_KEY = 72707369

export const defaultMigrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations')

export async function listMigrations(dir = defaultMigrationsDir) {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

function quoteIdent(id: string) {
  return `"${id.replaceAll('"', '""')}"`
}

export async function migrate(databaseUrl: string, dir = defaultMigrationsDir): Promise<MigrationResult> {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl)
  const client = new pg.Client({ connectionString })
  await client.connect()
  const result: MigrationResult = { applied: [], alreadyApplied: [] }
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
    await client.query(`SET search_path TO ${quoteIdent(schema)}`)
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY])
    await client.query(MIGRATIONS_TABLE)
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    )
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null)
    if (failed) {
      throw new Error(`Migration ${failed.migration_name} failed earlier and was never resolved; fix the database, then mark it rolled back`)
    }
    const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]))
    for (const m of await listMigrations(dir)) {
      const seen = done.get(m.name)
      if (seen) {
        if (seen !== m.checksum) throw new Error(`Migration ${m.name} was edited after it was applied (checksum mismatch)`)
        result.alreadyApplied.push(m.name)
        continue
      }
      const id = randomUUID()
      // Each migration runs in one transaction: PostgreSQL DDL is transactional, so a
      // failing migration leaves nothing half-applied.
      await client.query('BEGIN')
      try {
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [id, m.checksum, m.name])
        await client.query(m.sql)
        await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`)
      }
      result.applied.push(m.name)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => {})
    await client.end()
  }
  return result
}
