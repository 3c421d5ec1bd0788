import { inject } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'

/**
 * This test file's fresh, migrated database: a database of its own on the run's embedded
 * PostgreSQL, or the run's schema in DATABASE_URL's PostgreSQL (tests/helpers/file-database.ts).
 */
export function testDatabaseUrl(): string {
  return globalThis.__cmeTestDatabaseUrl ?? inject('databaseUrl')
}

/** A Prisma client on this file's test database. */
export function testDb(): Db {
  return createPrisma(testDatabaseUrl(), 4)
}

let counter = 0
export function uniqueEmail(label = 'user') {
  return `${label}-${process.pid}-${Date.now()}-${counter++}@test.cme-forum.org`
}
