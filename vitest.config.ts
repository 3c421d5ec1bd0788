import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['app/**/*.test.{ts,tsx}', 'media-server/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One database for the run (an embedded PostgreSQL cluster or a schema in DATABASE_URL), and
          // on the embedded cluster a copy of its migrated template for each test file.
          globalSetup: ['tests/helpers/global-db-setup.ts'],
          setupFiles: ['tests/helpers/file-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-app-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          // One browser file at a time against the one server: on CI's 2 cores, parallel
          // files (PDF rendering, live media, exam autosave) starved each other into
          // timeouts. Sequential costs about 100 s in all.
          fileParallelism: false,
        },
      },
    ],
  },
})
