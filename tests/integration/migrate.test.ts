import { createHash } from 'node:crypto'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseDatabaseUrl } from '../../app/utils/db.server.ts'
import { listMigrations, migrate } from '../../app/utils/migrate.server.ts'
import { testDatabaseUrl } from '../helpers/db.ts'

const url = testDatabaseUrl()
const { connectionString, schema } = parseDatabaseUrl(url)
const client = new pg.Client({ connectionString })
beforeAll(() => client.connect())
afterAll(() => client.end())

test('records every migration in _prisma_migrations exactly as Prisma does', async () => {
  const files = await listMigrations()
  const { rows } = await client.query(`SELECT * FROM "${schema}"."_prisma_migrations" ORDER BY migration_name`)
  expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name))
  for (const [i, row] of rows.entries()) {
    expect(row.checksum).toBe(createHash('sha256').update(files[i]!.sql).digest('hex'))
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(row.finished_at).toBeInstanceOf(Date)
    expect(row.started_at.getTime()).toBeLessThanOrEqual(row.finished_at.getTime())
    expect(row.rolled_back_at).toBeNull()
    expect(row.applied_steps_count).toBe(1)
  }
})

test('a second run applies nothing', async () => {
  const result = await migrate(url)
  expect(result.applied).toEqual([])
  expect(result.alreadyApplied.length).toBeGreaterThan(0)
})

async function scratchMigrations(migrations: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cme-migrations-'))
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name))
    await writeFile(path.join(dir, name, 'migration.sql'), sql)
  }
  return dir
}

function scratchUrl(name: string) {
  const u = new URL(url)
  u.searchParams.set('schema', `${schema}_${name}`)
  return u.toString()
}

test('a failing migration leaves nothing half-applied and blocks later runs until resolved', async () => {
  const target = scratchUrl('fail')
  const dir = await scratchMigrations({
    '001_ok': 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);',
    '002_bad': 'CREATE TABLE "B" ("id" TEXT PRIMARY KEY); SELECT * FROM "does_not_exist";',
  })
  await expect(migrate(target, dir)).rejects.toThrow(/002_bad failed/)
  const s = `${schema}_fail`
  const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [s])
  expect(tables.rows.map((r) => r.table_name)).toEqual(['A', '_prisma_migrations'])
  const recorded = await client.query(`SELECT migration_name FROM "${s}"."_prisma_migrations"`)
  expect(recorded.rows.map((r) => r.migration_name)).toEqual(['001_ok'])
  await client.query(`DROP SCHEMA "${s}" CASCADE`)
})

test('an edited migration is refused by checksum', async () => {
  const target = scratchUrl('edit')
  const dir = await scratchMigrations({ '001_a': 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);' })
  await migrate(target, dir)
  await writeFile(path.join(dir, '001_a', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY, "x" INT);')
  await expect(migrate(target, dir)).rejects.toThrow(/edited after it was applied/)
  await client.query(`DROP SCHEMA "${schema}_edit" CASCADE`)
})
