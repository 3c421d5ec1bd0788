import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as enums from '../../app/generated/prisma/enums.ts'
import { createPrisma, parseDatabaseUrl } from '../../app/utils/db.server.ts'
import { expectedColumnType, readPrismaSchema } from '../helpers/prisma-schema.ts'
import { testDatabaseUrl } from '../helpers/db.ts'

/**
 * The migrations are hand-written SQL (Prisma's engine is not downloadable here), so
 * this test proves a freshly migrated database is exactly what schema.prisma and the
 * generated client describe: every model, field, enum, key, index and relation.
 */
const schema = readPrismaSchema()
const { connectionString, schema: dbSchema } = parseDatabaseUrl(testDatabaseUrl())
const client = new pg.Client({ connectionString })

type Column = { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: 'YES' | 'NO'; datetime_precision: number | null }
let columns: Column[] = []
let tables: string[] = []
let indexes: { table: string; name: string; unique: boolean; primary: boolean; columns: string[] }[] = []
let fks: { table: string; name: string; columns: string[]; target: string; targetColumns: string[]; onDelete: string }[] = []
let dbEnums: Record<string, string[]> = {}

beforeAll(async () => {
  await client.connect()
  tables = (await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [dbSchema])).rows.map(
    (r) => r.table_name,
  )
  columns = (await client.query<Column>(`SELECT table_name, column_name, data_type, udt_name, is_nullable, datetime_precision FROM information_schema.columns WHERE table_schema = $1`, [dbSchema]))
    .rows
  indexes = (
    await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = $1
          -- Partial indexes are guards schema.prisma cannot express (e.g. one open recording per forum).
          AND ix.indpred IS NULL
        GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
      [dbSchema],
    )
  ).rows
  fks = (
    await client.query<{ table: string; name: string; columns: string[]; target: string; targetColumns: string[]; onDelete: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
              c.confrelid::regclass::text AS target,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS "targetColumns",
              c.confdeltype AS "onDelete"
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = $1`,
      [dbSchema],
    )
  ).rows.map((r) => ({ ...r, table: r.table.replace(/^.*\./, '').replaceAll('"', ''), target: r.target.replace(/^.*\./, '').replaceAll('"', '') }))
  const enumRows = await client.query<{ name: string; value: string }>(
    `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 ORDER BY t.typname, e.enumsortorder`,
    [dbSchema],
  )
  dbEnums = {}
  for (const r of enumRows.rows) (dbEnums[r.name] ??= []).push(r.value)
})

afterAll(async () => {
  await client.end()
})

test('the generated client describes the same models and fields as schema.prisma (client is not stale)', async () => {
  const prisma = createPrisma(testDatabaseUrl(), 1)
  const runtime = (prisma as unknown as { _runtimeDataModel: { models: Record<string, { fields: { name: string; kind: string; type: string }[] }> } })._runtimeDataModel
  await prisma.$disconnect()
  expect(Object.keys(runtime.models).sort()).toEqual(schema.models.map((m) => m.name).sort())
  for (const m of schema.models) {
    const clientFields = runtime.models[m.name]!.fields.filter((f) => f.kind !== 'object').map((f) => `${f.name}:${f.type}`)
    expect(clientFields.sort(), m.name).toEqual(m.fields.map((f) => `${f.name}:${f.type}`).sort())
  }
})

test('every model has a table, and there are no unknown tables', () => {
  expect(tables.filter((t) => t !== '_prisma_migrations').sort()).toEqual(schema.models.map((m) => m.name).sort())
})

test('every enum matches in values and order, in the client and in the database', () => {
  expect(dbEnums).toEqual(schema.enums)
  for (const [name, values] of Object.entries(schema.enums)) {
    expect(Object.values((enums as Record<string, Record<string, string>>)[name] ?? {}), `client enum ${name}`).toEqual(values)
  }
})

describe.each(schema.models.map((m) => [m.name, m] as const))('model %s', (name, model) => {
  test('columns match fields in type and nullability', () => {
    const actual = columns
      .filter((c) => c.table_name === name)
      .map((c) => ({
        column: c.column_name,
        dataType: c.data_type,
        udtName: c.udt_name,
        nullable: c.is_nullable === 'YES',
        precision: c.data_type.startsWith('timestamp') ? c.datetime_precision : null,
      }))
    const expected = model.fields.map((f) => ({
      column: f.name,
      ...expectedColumnType(f, schema.enums),
      // Prisma creates scalar-list columns without NOT NULL.
      nullable: f.optional || f.list,
      precision: f.type === 'DateTime' ? 3 : null,
    }))
    expect(actual.sort((a, b) => a.column.localeCompare(b.column))).toEqual(expected.sort((a, b) => a.column.localeCompare(b.column)))
  })

  test('primary key, unique constraints and indexes match', () => {
    const mine = indexes.filter((i) => i.table === name)
    expect(mine.filter((i) => i.primary).map((i) => i.columns)).toEqual([model.id])
    const key = (cols: string[]) => cols.join(',')
    expect(
      mine
        .filter((i) => i.unique && !i.primary)
        .map((i) => key(i.columns))
        .sort(),
    ).toEqual(model.uniques.map(key).sort())
    expect(
      mine
        .filter((i) => !i.unique)
        .map((i) => key(i.columns))
        .sort(),
    ).toEqual(model.indexes.map(key).sort())
  })

  test('foreign keys match relations, including on-delete behaviour', () => {
    const codes: Record<string, string> = { Cascade: 'c', SetNull: 'n', Restrict: 'r', NoAction: 'a', SetDefault: 'd' }
    const actual = fks.filter((f) => f.table === name).map((f) => ({ columns: f.columns, target: f.target, targetColumns: f.targetColumns, onDelete: f.onDelete }))
    const expected = model.relations.map((r) => ({
      columns: r.fields,
      target: r.target,
      targetColumns: r.references,
      // Prisma's default: Restrict for required relations, SetNull for optional ones.
      onDelete: codes[r.onDelete ?? (model.fields.find((f) => f.name === r.fields[0])?.optional ? 'SetNull' : 'Restrict')] ?? `unknown ${r.onDelete}`,
    }))
    const sort = (xs: typeof actual) => xs.sort((a, b) => a.columns.join().localeCompare(b.columns.join()))
    expect(sort(actual)).toEqual(sort(expected))
  })
})
