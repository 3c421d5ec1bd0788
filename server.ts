import { existsSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { guardRequestBodies } from './app/utils/body-limit.server.ts'
import { startEmbeddedDb, type EmbeddedDb } from './app/utils/embedded-db.server.ts'
import { getEnv, isDemoMode, recordDemoMode, recordEmbeddedDatabaseUrl, resolveDataFolderSecrets } from './app/utils/env.server.ts'
import { checkHealth } from './app/utils/health.server.ts'
import { logger } from './app/utils/logger.server.ts'
import { publicPageCache } from './app/utils/public-page-cache.server.ts'
import { createRequestHandler } from './app/utils/remix-request-handler.server.ts'
import { securityHeaders } from './app/utils/security-headers.server.ts'
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

async function main() {
  // SESSION_SECRET, TICKET_SECRET and CERTIFICATE_SIGNING_KEY default to values generated once under the data folder.
  const secrets = resolveDataFolderSecrets()
  if (env.NODE_ENV === 'production' && env.DATABASE_URL) {
    for (const name of secrets.fromDataFolder.filter((n) => n !== 'CERTIFICATE_SIGNING_KEY')) {
      logger.warn(`${name} is not set; using a secret stored under the data folder. Set it explicitly when running several nodes.`)
    }
  }
  env = secrets.env

  let embedded: EmbeddedDb | undefined
  if (!env.DATABASE_URL) {
    const options = { dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, maxConnections: env.DATABASE_POOL_SIZE + 5 }
    embedded = await startEmbeddedDb(options).catch((error: Error) => {
      // Its errors say what to do (a PGlite folder from an earlier version, a port in use): no stack trace.
      if (error.name !== 'EmbeddedDbError') throw error
      console.error(`\nStart-up failed: ${error.message}\n`)
      process.exit(1)
    })
    env = recordEmbeddedDatabaseUrl(embedded.url)
  }
  const databaseUrl = env.DATABASE_URL!
  const migrations = await migrate(databaseUrl)
  logger.info({ applied: migrations.applied.length, alreadyApplied: migrations.alreadyApplied.length }, 'migrations done')

  const { getDb, disconnectDb } = await import('./app/utils/db.server.ts')
  const db = getDb()
  // Demo data only when asked: DEMO=1 (`npm start -- --demo`), SEED_DEMO=true, or yes to the question a first start asks in a terminal.
  const { askInTerminal, seedDemoOnStart } = await import('./prisma/seed.ts')
  const demo = await seedDemoOnStart(db, {
    demo: env.DEMO,
    seedDemo: env.SEED_DEMO,
    ask:
      process.stdin.isTTY && !env.CME_QUIET_BANNER ? () => askInTerminal('\n  The database is empty. Seed the demo data (three events, demo accounts with a published password)? [y/N] ') : undefined,
  })
  if (demo.demoMode !== isDemoMode(env)) env = recordDemoMode(demo.demoMode)
  if (demo.seeded) logger.info({ demoMode: demo.demoMode }, 'demo data seeded')

  // Confirmation emails: sent over SMTP when SMTP_URL is set, otherwise kept in the staff outbox.
  const { getMailTransport } = await import('./app/services/email/mailer.server.ts')
  const mail = getMailTransport()
  const emailDelivery = mail ? (await import('./app/jobs/email-delivery.server.ts')).startEmailDelivery(db, mail) : undefined
  // Exam attempts whose time ran out while nobody had them open are auto-submitted and graded.
  const examSweep = (await import('./app/jobs/exam-sweep.server.ts')).startExamSweep(db)

  // Certificates: the durable job queue (pg-boss) for automatic and batch issue.
  const { startCertificateWorker } = await import('./app/jobs/certificate-worker.server.ts')
  const certificateWorker = await startCertificateWorker(db, databaseUrl, { work: env.CERTIFICATE_WORKER })

  let media: MediaServer | undefined
  if (env.MEDIA_SERVER === 'embedded') {
    const { startMediaServer } = await import('./media-server/index.ts')
    media = await startMediaServer(mediaConfigFromEnv(env))
  }

  const app = express()
  app.disable('x-powered-by')
  // nosniff, Referrer-Policy and no framing on every response, static files included; pages add their CSP (app/entry.server.tsx).
  app.use(securityHeaders())
  app.use(compression())
  // The client's address as far as TRUST_PROXY lets us know it, for audit logs. Always set
  // here, so a header of that name sent by a client is overwritten, never believed.
  app.set('trust proxy', env.TRUST_PROXY ?? false)
  app.use((req, _res, next) => {
    req.headers['x-cme-client-ip'] = req.ip ?? req.socket.remoteAddress ?? ''
    next()
  })
  // Bodies are read here, within each route's byte limit, before anything parses them; a
  // cross-site POST, a body that is not a form or one over its limit is refused (403/415/400/413).
  // createRequestHandler (ours) hands Remix the body read here.
  app.use(guardRequestBodies())
  const httpServer = http.createServer(app)
  const realtime = await startRealtime(httpServer, { redisUrl: env.REDIS_URL, publicUrl: env.PUBLIC_URL })
  // The live stage's signalling: the /media namespace on the same socket.io server.
  const { attachMediaSignalling } = await import('./media-server/signalling/index.ts')
  const { mediaTokenSecret } = await import('./app/utils/secrets.server.ts')
  // The chat is kept in the database when the app runs the signalling (history, mutes).
  const { createChatStore } = await import('./app/services/live/chat-store.server.ts')
  const chatStore = media ? createChatStore(db) : undefined
  // Every live handshake asks the database again: a join token outlives a cancelled registration or a withdrawn role.
  const { findCurrentLiveRole } = await import('./app/services/live/find-current-live-role.server.ts')
  const checkAccess = (claims: { forumId: string; userId: string }) => findCurrentLiveRole(db, claims)
  const signalling = media ? attachMediaSignalling(realtime.io, { pool: media.pool, config: mediaConfigFromEnv(env), tokenSecret: mediaTokenSecret, chatStore, checkAccess, db }) : undefined
  // Q&A, polls and raised hands: the /interaction namespace, with the same join tokens.
  const { attachInteraction } = await import('./app/realtime/interaction.server.ts')
  const interaction = attachInteraction(realtime.io, db, { tokenSecret: mediaTokenSecret, checkAccess })
  if (signalling && env.MEDIA_TEST_HOOKS) {
    // Tests only (MEDIA_TEST_HOOKS=true), loopback only: which worker hosts each room, so a test can kill it.
    app.get('/internal/media/rooms', async (req, res) => {
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '')) return void res.status(404).end()
      res.set('Cache-Control', 'no-store').json({ rooms: (await signalling.rooms.list()).map((r) => r.describe()), pids: media!.status().pids })
    })
  }

  // The attendance ledger: players report over socket.io, rows are written in batches.
  const { LedgerWriter } = await import('./app/services/attendance/ledger-writer.server.ts')
  const { attachAttendance } = await import('./app/realtime/attendance.server.ts')
  const ledger = new LedgerWriter(db, { flushMs: env.LEDGER_FLUSH_MS, maxBatch: 2000 }).start()
  const attendanceNsp = attachAttendance(realtime.io, db, ledger, { heartbeatSec: env.ATTENDANCE_HEARTBEAT_SEC, presenceTimeoutSec: env.PRESENCE_TIMEOUT_SEC })
  // Live access follows the registration: a cancellation, refund, rejection or withdrawn role closes the sockets it paid for, on every node.
  const { attachLiveAccessControl } = await import('./app/realtime/live-access.server.ts')
  const remoteMedia = !signalling && env.MEDIA_SERVER === 'external' && realtime.adapter === 'redis' ? { tokenSecret: mediaTokenSecret } : undefined
  attachLiveAccessControl(realtime.io, db, { media: signalling?.gate, interaction: interaction.gate, attendance: attendanceNsp, remoteMedia })
  const presenceScheduler = (await import('./app/jobs/presence-scheduler.server.ts')).startPresenceScheduler(attendanceNsp, db, ledger)
  const liveAttendance = (await import('./app/jobs/live-attendance.server.ts')).startLiveAttendanceDerivation(db)
  // The background jobs (app/jobs/), stopped on shutdown in the order they were started.
  const jobs = [emailDelivery, examSweep, certificateWorker, presenceScheduler, liveAttendance].filter((job) => job !== undefined)

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth({
      db,
      media: media ? { mode: 'embedded', status: media.status } : env.MEDIA_SERVER === 'external' ? { mode: 'external', url: env.MEDIA_SERVER_URL } : { mode: 'off' },
      adapter: realtime.adapter,
    })
    res
      .status(health.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(health)
  })

  if (env.NODE_ENV === 'development') {
    const vite = await import('vite')
    const viteDev = await vite.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } } })
    app.use(viteDev.middlewares)
    app.all('*', (req, res, next) => createRequestHandler({ build: () => viteDev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>, mode: 'development' })(req, res, next))
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
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(`Port ${env.PORT} is in use; set PORT to a free port`) : error))
    httpServer.listen(env.PORT, env.HOST, resolve)
  })
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const url = env.PUBLIC_URL ?? `http://localhost:${port}`
  logger.info({ port, db: embedded ? 'embedded' : 'postgresql', media: env.MEDIA_SERVER }, 'listening')
  if (!env.CME_QUIET_BANNER) {
    const { demoAccounts, DEMO_PASSWORD } = await import('./prisma/seed.ts')
    console.log(`\n  CME forum platform is running at ${url}\n`)
    if (demo.seeded) console.log('  Demo data seeded into the empty database: three events and one account per role.')
    if (demo.hasDemoAccounts && (demo.demoMode || env.NODE_ENV !== 'production')) {
      console.log(`  Demo logins (password: ${DEMO_PASSWORD}):`)
      for (const a of demoAccounts) console.log(`    ${a.role.padEnd(9)} ${a.email}`)
      console.log('')
      if (demo.demoMode) {
        console.log('  This is a demo instance: every page says "Demo data — do not use for real credit".')
        console.log('  To turn the demo off, start without --demo (and without DEMO or SEED_DEMO): the demo logins are then refused.')
        console.log(`  For an empty platform, stop the server, ${embedded ? `delete ${env.EMBEDDED_DB_DIR}/` : 'point DATABASE_URL at an empty database'} and run \`npm start\` again.\n`)
      }
    } else if (demo.hasDemoAccounts) {
      console.log('  This database holds the demo accounts; their logins are refused. `npm start -- --demo` turns them on.\n')
    }
  }

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    httpServer.closeAllConnections?.()
    for (const job of jobs) await job.stop().catch((error) => logger.warn({ err: error, job: job.name }, 'job stop failed'))
    await signalling?.close()
    await chatStore?.stop()
    interaction.close()
    await realtime.close()
    await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    // Sockets are closed, so nothing more arrives: write what the ledger still holds.
    await ledger.stop()
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
