import { inject } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'

/** A Prisma client on this run's fresh test database (real PostgreSQL or embedded PGlite). */
export function testDb(): Db {
  return createPrisma(inject('databaseUrl'), 4)
}

let counter = 0
export function uniqueEmail(label = 'user') {
  return `${label}-${process.pid}-${Date.now()}-${counter++}@test.cme-forum.org`
}
