// `npm run db:import-pglite [-- --from <folder>]`: copies the database of an earlier version,
// kept by PGlite (PostgreSQL compiled to WASM) in `.data/pglite`, into the embedded PostgreSQL
// under EMBEDDED_DB_DIR (`.data/postgres`). Stop the server first.
//
// PGlite's files can't be opened by a native server, so the data goes through a dump:
// PGlite's own pg_dump (WASM, from @electric-sql/pglite-tools) writes SQL that is restored
// into a new cluster in one transaction, every table's row count is compared, and the
// migrations newer than the old database are applied. The old folder is only read (from a
// copy) and is left where it is. The PGlite packages are no longer dependencies of the app,
// so they are installed for this run into a temporary folder, from the npm registry.
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, rename, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { embeddedDbPaths, startEmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'

// The versions the app used last (PGlite 0.5.14 wrote the folders), and the newest pg_dump for it.
const PGLITE = '@electric-sql/pglite@0.5.14'
const PGLITE_TOOLS = '@electric-sql/pglite-tools@0.4.8'

type PGliteLike = { query: <T>(sql: string) => Promise<{ rows: T[] }>; close: () => Promise<void> }

function fail(message: string): never {
  console.error(`\n${message}\n`)
  process.exit(1)
}

const env = getEnv()
if (env.DATABASE_URL) fail('DATABASE_URL is set: this script fills the embedded database. Unset DATABASE_URL to run it.')
const target = embeddedDbPaths(env.EMBEDDED_DB_DIR)
const fromArg = process.argv.indexOf('--from')
// By default: EMBEDDED_DB_DIR itself when it is a PGlite folder, else the old default beside it.
const defaultSource = existsSync(path.join(target.root, 'PG_VERSION')) ? target.root : path.join(path.dirname(target.root), 'pglite')
let source = path.resolve(fromArg > 0 ? (process.argv[fromArg + 1] ?? '') : defaultSource)
if (existsSync(path.join(target.cluster, 'PG_VERSION'))) {
  fail(`${target.root} already holds an embedded PostgreSQL database. Move it away (or set EMBEDDED_DB_DIR to a new folder) and run this again.`)
}
if (!existsSync(path.join(source, 'PG_VERSION'))) fail(`No PGlite database at ${source}. Name its folder with --from <folder>.`)
let movedAside = false
if (source === target.root) {
  // EMBEDDED_DB_DIR itself is the PGlite folder: it moves aside, and the new database takes its place.
  const aside = `${target.root}.pglite-old`
  if (existsSync(aside)) fail(`${aside} exists already; move it away and run this again.`)
  await rename(source, aside)
  console.log(`Moved the PGlite folder aside: ${source} → ${aside}`)
  source = aside
  movedAside = true
}

const work = await mkdtemp(path.join(os.tmpdir(), 'cme-pglite-import-'))
let embedded: Awaited<ReturnType<typeof startEmbeddedDb>> | undefined
let restored = false
let failure: string | undefined
try {
  console.log(`Installing ${PGLITE} and ${PGLITE_TOOLS} for this run…`)
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--legacy-peer-deps', '--prefix', work, PGLITE, PGLITE_TOOLS], { stdio: 'inherit' })
  const require = createRequire(path.join(work, 'package.json'))
  const { PGlite } = (await import(pathToFileURL(require.resolve('@electric-sql/pglite')).href)) as { PGlite: { create: (dir: string) => Promise<PGliteLike> } }
  const { pgDump } = (await import(pathToFileURL(require.resolve('@electric-sql/pglite-tools/pg_dump')).href)) as {
    pgDump: (options: { pg: PGliteLike; args: string[] }) => Promise<File>
  }

  // PGlite may write to a folder it opens (recovery, a checkpoint); it opens a copy.
  const copy = path.join(work, 'pglite')
  await cp(source, copy, { recursive: true })
  const old = await PGlite.create(copy)
  const countSql = `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`
  const tables = (await old.query<{ schema: string; name: string }>(countSql)).rows
  const quote = (id: string) => `"${id.replaceAll('"', '""')}"`
  const countRows = async (query: (sql: string) => Promise<{ rows: { n: string | number }[] }>) => {
    const counts = new Map<string, number>()
    for (const t of tables) {
      const { rows } = await query(`SELECT count(*) AS n FROM ${quote(t.schema)}.${quote(t.name)}`)
      counts.set(`${t.schema}.${t.name}`, Number(rows[0]!.n))
    }
    return counts
  }
  const before = await countRows((sql) => old.query<{ n: number }>(sql))
  console.log(`Dumping ${source} (${tables.length} tables)…`)
  const dump = await (await pgDump({ pg: old, args: ['--no-owner', '--no-privileges', '--inserts', '--rows-per-insert=500'] })).text()
  await old.close()
  // psql's meta-commands (\restrict, \connect) mean nothing to a plain client.
  const sql = dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n')

  embedded = await startEmbeddedDb({ dataDir: target.root, port: env.EMBEDDED_DB_PORT, maxConnections: 2, besidePglite: true })
  const client = new pg.Client({ connectionString: embedded.url })
  await client.connect()
  try {
    await client.query(`BEGIN;\n${sql}\nCOMMIT;`)
    restored = true
    const after = await countRows((q) => client.query<{ n: string }>(q))
    const differing = [...before].filter(([name, n]) => after.get(name) !== n)
    if (differing.length > 0) {
      throw new Error(`row counts differ after the restore: ${differing.map(([name, n]) => `${name} ${n} → ${after.get(name)}`).join(', ')}`)
    }
  } finally {
    await client.end()
  }
  const migrations = await migrate(embedded.url)
  const rows = [...before.values()].reduce((a, b) => a + b, 0)
  console.log(`Imported ${rows} rows in ${tables.length} tables into ${target.root}; ${migrations.applied.length} newer migration(s) applied.`)
  console.log(`The PGlite folder ${source} was left as it was; delete it once the app runs as expected.`)
} catch (error) {
  await embedded?.stop()
  embedded = undefined
  // A half-filled database must not look like the imported one: the next try starts afresh.
  await rm(target.cluster, { recursive: true, force: true })
  await rm(target.password, { force: true })
  if (movedAside) {
    // The folder created in its place holds nothing else; the PGlite folder goes back where it was.
    await rm(target.root, { recursive: true, force: true })
    await rename(source, target.root)
    source = target.root
  }
  failure = `The import failed${restored ? ' after the restore' : ''}: ${(error as Error).message}\nThe PGlite folder ${source} is as it was.`
} finally {
  await embedded?.stop()
  await rm(work, { recursive: true, force: true })
}
if (failure) fail(failure)
