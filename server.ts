import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { startEmbeddedDb, type EmbeddedDb } from './app/utils/embedded-db.server.ts'
import { getEnv } from './app/utils/env.server.ts'
import { checkHealth } from './app/utils/health.server.ts'
import { logger } from './app/utils/logger.server.ts'
import { publicPageCache } from './app/utils/public-page-cache.server.ts'
import { migrate } from './app/utils/migrate.server.ts'
import { startRealtime } from './app/utils/realtime.server.ts'
import { mediaConfigFromEnv } from './media-server/config.ts'
import type { MediaServer } from './media-server/index.ts'

/**
 * One process by default: Remix + socket.io + the mediasoup media server on one port.
 * MEDIA_SERVER=external runs the SFU as its own process (media-server/standalone.ts).
 */

let env: ReturnType<typeof getEnv>
try {
  env = getEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const dataRoot = path.resolve(path.dirname(env.EMBEDDED_DB_DIR))

/** SESSION_SECRET and TICKET_SECRET default to random values kept under the data folder. */
function ensureSecret(name: 'SESSION_SECRET' | 'TICKET_SECRET') {
  if (env[name]) return
  if (env.NODE_ENV === 'production' && env.DATABASE_URL) {
    logger.warn(`${name} is not set; using a secret stored under the data folder. Set it explicitly when running several nodes.`)
  }
  const file = path.join(dataRoot, name.toLowerCase().replace('_', '-'))
  if (!existsSync(file)) {
    mkdirSync(dataRoot, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  process.env[name] = readFileSync(file, 'utf8').trim()
}

async function main() {
  ensureSecret('SESSION_SECRET')
  ensureSecret('TICKET_SECRET')

  let embedded: EmbeddedDb | undefined
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedDb({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, maxConnections: env.DATABASE_POOL_SIZE + 5 })
    process.env.DATABASE_URL = embedded.url
  }
  const databaseUrl = process.env.DATABASE_URL!
  const migrations = await migrate(databaseUrl)
  logger.info({ applied: migrations.applied.length, alreadyApplied: migrations.alreadyApplied.length }, 'migrations done')

  const { getDb, disconnectDb } = await import('./app/utils/db.server.ts')
  const db = getDb()
  const shouldSeed = env.SEED_DEMO ?? !!embedded
  if (shouldSeed) {
    const { seedDemoIfEmpty } = await import('./prisma/seed.ts')
    const seeded = await seedDemoIfEmpty(db)
    if (seeded) logger.info('demo data seeded')
  }

  let media: MediaServer | undefined
  if (env.MEDIA_SERVER === 'embedded') {
    const { startMediaServer } = await import('./media-server/index.ts')
    media = await startMediaServer(mediaConfigFromEnv(env))
  }

  const app = express()
  app.disable('x-powered-by')
  app.use(compression())
  const httpServer = http.createServer(app)
  const realtime = await startRealtime(httpServer, { redisUrl: env.REDIS_URL })

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth({
      db,
      media: media ? { mode: 'embedded', status: media.status } : env.MEDIA_SERVER === 'external' ? { mode: 'external', url: env.MEDIA_SERVER_URL } : { mode: 'off' },
      adapter: realtime.adapter,
    })
    res.status(health.ok ? 200 : 503).set('Cache-Control', 'no-store').json(health)
  })

  if (env.NODE_ENV === 'development') {
    const vite = await import('vite')
    const viteDev = await vite.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } } })
    app.use(viteDev.middlewares)
    app.all('*', (req, res, next) =>
      createRequestHandler({ build: () => viteDev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>, mode: 'development' })(req, res, next),
    )
  } else {
    const buildDir = path.resolve('build')
    if (!existsSync(path.join(buildDir, 'server', 'index.js'))) {
      throw new Error('No production build found; run `npm run build` (npm start does this for you)')
    }
    app.use('/assets', express.static(path.join(buildDir, 'client', 'assets'), { immutable: true, maxAge: '1y' }))
    app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }))
    app.use(express.static('public', { maxAge: '1h' }))
    const build = (await import(path.join(buildDir, 'server', 'index.js'))) as ServerBuild
    if (env.PUBLIC_PAGE_CACHE_MS > 0) app.use(publicPageCache({ ttlMs: env.PUBLIC_PAGE_CACHE_MS }))
    app.all('*', createRequestHandler({ build, mode: env.NODE_ENV }))
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${env.PORT} is in use; set PORT to a free port`) : error),
    )
    httpServer.listen(env.PORT, env.HOST, resolve)
  })
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const url = env.PUBLIC_URL ?? `http://localhost:${port}`
  logger.info({ port, db: embedded ? 'embedded' : 'postgresql', media: env.MEDIA_SERVER }, 'listening')
  if (process.env.CME_QUIET_BANNER !== '1') {
    const { demoAccounts, DEMO_PASSWORD } = await import('./prisma/seed.ts')
    console.log(`\n  CME forum platform is running at ${url}\n`)
    if (shouldSeed) {
      console.log(`  Demo logins (password: ${DEMO_PASSWORD}):`)
      for (const a of demoAccounts) console.log(`    ${a.role.padEnd(9)} ${a.email}`)
      console.log('')
    }
  }

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    httpServer.closeAllConnections?.()
    await realtime.close()
    await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    await media?.close()
    await disconnectDb()
    await embedded?.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error: Error) => {
  logger.fatal({ err: error }, 'start-up failed')
  console.error(`\nStart-up failed: ${error.message}\n`)
  process.exit(1)
})
