import { afterAll, inject } from 'vitest'
import { copyTemplateDatabase } from './test-database.ts'

/**
 * Integration setup file, run before each test file. On the embedded cluster each file gets
 * a database of its own, copied from the migrated template and dropped after the file;
 * with DATABASE_URL every file shares the run's schema, as before.
 */
if (inject('databaseKind') === 'embedded') {
  const db = await copyTemplateDatabase(inject('databaseUrl'))
  globalThis.__cmeTestDatabaseUrl = db.url
  afterAll(() => db.drop())
}

declare global {
  var __cmeTestDatabaseUrl: string | undefined
}
