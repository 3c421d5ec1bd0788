// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded
// database under EMBEDDED_DB_DIR when DATABASE_URL is unset (stop `npm start` first: the
// embedded database has one owner). The server also migrates at every start-up; this is for
// operators who migrate before rolling out new nodes (docs/operations.md).
import { startEmbeddedDb, type EmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'

const env = getEnv()
let embedded: EmbeddedDb | undefined
try {
  embedded = env.DATABASE_URL ? undefined : await startEmbeddedDb({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, maxConnections: 2 })
} catch (error) {
  if ((error as Error).name !== 'EmbeddedDbError') throw error
  console.error(`\n${(error as Error).message}\n`)
  process.exit(1)
}
try {
  const result = await migrate(embedded?.url ?? env.DATABASE_URL!)
  const where = embedded ? `the embedded database (${env.EMBEDDED_DB_DIR})` : 'DATABASE_URL'
  console.log(`Migrations on ${where}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied.`)
  for (const name of result.applied) console.log(`  + ${name}`)
} finally {
  await embedded?.stop()
}
