import { defineConfig } from 'prisma/config'

// Prisma CLI configuration. Migrations are applied by scripts/migrate.ts (see
// docs/decisions/003-own-migration-runner.md); `prisma migrate deploy` reads the
// same folder and agrees with it on machines that have Prisma's schema engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/cme_forum',
  },
})
