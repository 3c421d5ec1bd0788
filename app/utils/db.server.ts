import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { getEnv } from './env.server.ts'

/** Splits Prisma's `?schema=` convention off a PostgreSQL URL. */
export function parseDatabaseUrl(url: string): { connectionString: string; schema: string } {
  const u = new URL(url)
  const schema = u.searchParams.get('schema') ?? 'public'
  u.searchParams.delete('schema')
  return { connectionString: u.toString(), schema }
}

export function createPrisma(url: string, poolSize = 10) {
  const { connectionString, schema } = parseDatabaseUrl(url)
  // Raw SQL ($queryRaw) resolves names through search_path, so point it at the same schema.
  const options = schema === 'public' ? undefined : `-c search_path="${schema.replaceAll('"', '')}"`
  const adapter = new PrismaPg({ connectionString, max: poolSize, ...(options ? { options } : {}) }, { schema })
  return new PrismaClient({ adapter })
}

export type Db = ReturnType<typeof createPrisma>

const globalForPrisma = globalThis as unknown as { __prisma?: Db }

/** The process-wide client. DATABASE_URL is read lazily: the embedded database's address is recorded at start-up. */
export function getDb(): Db {
  if (!globalForPrisma.__prisma) {
    const env = getEnv()
    const url = env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set and the embedded database has not started')
    globalForPrisma.__prisma = createPrisma(url, env.DATABASE_POOL_SIZE)
  }
  return globalForPrisma.__prisma
}

export async function disconnectDb() {
  await globalForPrisma.__prisma?.$disconnect()
  globalForPrisma.__prisma = undefined
}
