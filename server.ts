import cluster, { type Worker } from 'node:cluster'
import { existsSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { isJobOwner, planProcessLayout, threadPoolSize, type ProcessLayout } from './app/domain/process-layout.ts'
import { guardRequestBodies } from './app/utils/body-limit.server.ts'
import { relaySiblingMessages } from './app/utils/cluster-bus.server.ts'
import { startEmbeddedDb, type EmbeddedDb } from './app/utils/embedded-db.server.ts'
import { getEnv, isDemoMode, recordDemoMode, recordEmbeddedDatabaseUrl, resolveDataFolderSecrets } from './app/utils/env.server.ts'
import { checkHealth } from './app/utils/health.server.ts'
import { hlsCorsOrigin, hlsOrigin } from './app/utils/hls-origin.server.ts'
import { logger } from './app/utils/logger.server.ts'
import { routeMediaUpgrades } from './app/utils/media-upstream.server.ts'
import { publicPageCache } from './app/utils/public-page-cache.server.ts'
import { recordingsDir } from './app/utils/recordings-dir.server.ts'
import { createDirectLoaderHandler, createRequestHandler } from './app/utils/remix-request-handler.server.ts'
import { hlsUrlSecret } from './app/utils/secrets.server.ts'
import { securityHeaders } from './app/utils/security-headers.server.ts'
import { migrate } from './app/utils/migrate.server.ts'
import { startRealtime } from './app/utils/realtime.server.ts'
import { mediaConfigFromEnv } from './media-server/config.ts'
import type { MediaServer } from './media-server/index.ts'
import type * as SeedModule from './prisma/seed.ts'

/**
 * One HTTP + socket.io process per core by default (WEB_CONCURRENCY), sharing one port through
 * Node's cluster module (docs/process-layout.md):
 * - the primary starts the embedded database (when there is no DATABASE_URL), migrates, seeds
 *   the demo if asked, then forks the others and re-forks any that dies;
 * - one media process: the mediasoup workers and the `/media` signalling, on a loopback port
 *   the HTTP processes pass the stage's sockets to;
 * - the HTTP processes: Remix and socket.io (cluster adapter, or Redis with REDIS_URL); the
 *   first of them also runs the background jobs.
 * WEB_CONCURRENCY=1 runs all of it in one process, as before. MEDIA_SERVER=external runs the
 * SFU on its own hosts (media-server/standalone.ts).
 */

let env: ReturnType<typeof getEnv>
try {
  env = getEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

/** Set by the primary in the processes it forks (never by hand). */
const role = env.CME_PROCESS_ROLE
const workerIndex = env.CME_WORKER_INDEX
/** The media process's loopback port, when there is one. */
const mediaPort = env.CME_MEDIA_PORT

function processLayout(): ProcessLayout {
  // Development serves Vite's middleware and hot reload: one process unless asked.
  const webConcurrency = env.NODE_ENV === 'development' ? (env.WEB_CONCURRENCY ?? 1) : env.WEB_CONCURRENCY
  return planProcessLayout({ webConcurrency, cores: os.availableParallelism(), media: env.MEDIA_SERVER, poolSize: env.DATABASE_POOL_SIZE })
}

async function main() {
  const layout = processLayout()
  if (cluster.isPrimary && layout.clustered) return runPrimary(layout)
  if (role === 'media') return runMediaProcess()
  return runWebProcess(layout)
}

type Prepared = { embedded: EmbeddedDb | undefined; demo: Awaited<ReturnType<typeof SeedModule.seedDemoOnStart>> }

/** What happens once per machine, before any HTTP process starts: the database is there, migrated, seeded if asked. */
async function prepareDatabase(layout: ProcessLayout): Promise<Prepared> {
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
    const options = { dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, maxConnections: layout.databaseConnections }
    embedded = await startEmbeddedDb(options).catch((error: Error) => {
      // Its errors say what to do (a PGlite folder from an earlier version, a port in use): no stack trace.
      if (error.name !== 'EmbeddedDbError') throw error
      console.error(`\nStart-up failed: ${error.message}\n`)
      process.exit(1)
    })
    env = recordEmbeddedDatabaseUrl(embedded.url)
  }
  const migrations = await migrate(env.DATABASE_URL!)
  logger.info({ applied: migrations.applied.length, alreadyApplied: migrations.alreadyApplied.length }, 'migrations done')

  const { getDb } = await import('./app/utils/db.server.ts')
  // Demo data only when asked: DEMO=1 (`npm start -- --demo`), SEED_DEMO=true, or yes to the question a first start asks in a terminal.
  const { askInTerminal, seedDemoOnStart } = await import('./prisma/seed.ts')
  const demo = await seedDemoOnStart(getDb(), {
    demo: env.DEMO,
    seedDemo: env.SEED_DEMO,
    ask:
      process.stdin.isTTY && !env.CME_QUIET_BANNER ? () => askInTerminal('\n  The database is empty. Seed the demo data (three events, demo accounts with a published password)? [y/N] ') : undefined,
  })
  if (demo.demoMode !== isDemoMode(env)) env = recordDemoMode(demo.demoMode)
  if (demo.seeded) logger.info({ demoMode: demo.demoMode }, 'demo data seeded')
  return { embedded, demo }
}

/**
 * The primary of a machine with several HTTP processes: prepares the database once, forks the
 * media process (if the media server is embedded) and the HTTP processes, re-forks any that
 * dies, and stops them all, then the database, on SIGINT/SIGTERM. It serves nothing itself.
 */
async function runPrimary(layout: ProcessLayout) {
  const prepared = await prepareDatabase(layout)
  const { disconnectDb } = await import('./app/utils/db.server.ts')
  await disconnectDb()
  // pg-boss's tables and the certificate and grading queues, once: processes creating them together deadlock.
  const { connectCertificateBoss } = await import('./app/services/credits/certificate-queue.server.ts')
  await (await connectCertificateBoss(env.DATABASE_URL!, { work: false })).stop({ graceful: false })
  const { connectGradingBoss } = await import('./app/services/exams/grading-queue.server.ts')
  await (await connectGradingBoss(env.DATABASE_URL!, { work: false })).stop({ graceful: false })
  const { setupPrimary } = await import('@socket.io/cluster-adapter')
  setupPrimary()
  relaySiblingMessages()

  const forkedEnv: Record<string, string | undefined> = {
    DATABASE_URL: env.DATABASE_URL,
    DEMO: String(isDemoMode(env)),
    WEB_CONCURRENCY: String(layout.webProcesses),
    UV_THREADPOOL_SIZE: String(env.UV_THREADPOOL_SIZE ?? threadPoolSize(os.availableParallelism(), layout.webProcesses)),
  }
  if (layout.mediaProcess) forkedEnv.CME_MEDIA_PORT = String(await freeLoopbackPort())

  let stopping = false
  const roles = new Map<number, Record<string, string>>()
  const fork = (extra: Record<string, string>): Worker => {
    const worker = cluster.fork({ ...forkedEnv, ...extra })
    roles.set(worker.id, extra)
    return worker
  }
  cluster.on('exit', (worker, code, signal) => {
    const extra = roles.get(worker.id)
    roles.delete(worker.id)
    if (stopping || !extra) return
    logger.error({ role: extra.CME_PROCESS_ROLE, index: extra.CME_WORKER_INDEX, code, signal }, 'a process died; starting another')
    setTimeout(() => !stopping && fork(extra), 1000)
  })

  if (layout.mediaProcess) {
    const media = fork({ CME_PROCESS_ROLE: 'media' })
    await new Promise<void>((resolve, reject) => {
      media.on('message', (message: { __cmeMediaReady?: boolean }) => message?.__cmeMediaReady && resolve())
      media.once('exit', (code) => reject(new Error(`the media process exited with ${code} while starting`)))
    })
  }
  const web = Array.from({ length: layout.webProcesses }, (_, index) => fork({ CME_PROCESS_ROLE: 'web', CME_WORKER_INDEX: String(index) }))
  await Promise.all(
    web.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('listening', () => resolve())
          worker.once('exit', (code) => reject(new Error(`an HTTP process exited with ${code} while starting`)))
        }),
    ),
  )
  logger.info({ port: env.PORT, processes: layout.webProcesses, media: layout.mediaProcess ? 'process' : env.MEDIA_SERVER, db: prepared.embedded ? 'embedded' : 'postgresql' }, 'listening')
  await printBanner(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`, prepared)

  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve()
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), 20_000)
            worker.once('exit', () => {
              clearTimeout(kill)
              resolve()
            })
            worker.process.kill('SIGTERM')
          }),
      ),
    )
    await prepared.embedded?.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The media process of a machine with several HTTP processes: the mediasoup workers and the
 * `/media` signalling (chat kept in the database, every handshake checked against it), on a
 * loopback port. Browsers reach it through the HTTP processes (app/utils/media-upstream.server.ts);
 * revocations reach it through the socket.io adapter.
 */
async function runMediaProcess() {
  const { getDb, disconnectDb } = await import('./app/utils/db.server.ts')
  const db = getDb()
  const { startMediaServer } = await import('./media-server/index.ts')
  const config = mediaConfigFromEnv(env)
  const media = await startMediaServer(config)
  const app = express()
  app.disable('x-powered-by')
  // Set once the signalling is attached; /healthz reports its WebRTC viewers to the HTTP processes (player delivery).
  const viewers: { total?: () => Promise<number> } = {}
  app.get('/healthz', async (_req, res) => {
    const status = media.status()
    const webrtcViewers = viewers.total ? await viewers.total() : 0
    res
      .status(status.workers > 0 ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ok: status.workers > 0, mediasoup: status, webrtcViewers })
  })
  const httpServer = http.createServer(app)
  const realtime = await startRealtime(httpServer, { redisUrl: env.REDIS_URL, publicUrl: env.PUBLIC_URL, clustered: true, processLabel: 'media' })
  const { attachMediaSignalling } = await import('./media-server/signalling/index.ts')
  const { mediaTokenSecret } = await import('./app/utils/secrets.server.ts')
  const { createChatStore } = await import('./app/services/live/chat-store.server.ts')
  const { findCurrentLiveRole } = await import('./app/services/live/find-current-live-role.server.ts')
  const chatStore = createChatStore(db)
  const checkAccess = (claims: { forumId: string; userId: string }) => findCurrentLiveRole(db, claims)
  const signalling = attachMediaSignalling(realtime.io, { pool: media.pool, config, tokenSecret: mediaTokenSecret, chatStore, checkAccess, db })
  viewers.total = () => signalling.rooms.viewerTotal()
  // Live forums are broadcast (HLS) and recorded here, beside their rooms (BROADCAST=off: not at all).
  const { startBroadcasterFromEnv } = await import('./media-server/broadcast/index.ts')
  const broadcaster = startBroadcasterFromEnv(signalling.rooms, env)
  if (env.MEDIA_TEST_HOOKS) {
    app.get('/internal/media/rooms', async (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ rooms: (await signalling.rooms.list()).map((r) => r.describe()), pids: media.status().pids })
    })
  }
  // Its own listening socket (exclusive), on loopback: only the HTTP processes connect here.
  await new Promise<void>((resolve) => httpServer.listen({ port: mediaPort, host: '127.0.0.1', exclusive: true }, resolve))
  logger.info({ port: mediaPort, adapter: realtime.adapter }, 'media process listening')
  process.send?.({ __cmeMediaReady: true })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'media process shutting down')
    await broadcaster?.close()
    await signalling.close()
    await chatStore.stop()
    await realtime.close()
    await media.close()
    await disconnectDb()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('disconnect', () => void shutdown('primary gone'))
}

async function printBanner(url: string, { embedded, demo }: Prepared) {
  if (env.CME_QUIET_BANNER) return
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

/**
 * An HTTP + socket.io process: the only process when WEB_CONCURRENCY=1 (then it also prepares
 * the database and runs the media server), else one of several forked by the primary.
 */
async function runWebProcess(layout: ProcessLayout) {
  const forked = role === 'web'
  let prepared: Prepared | undefined
  if (forked) env = resolveDataFolderSecrets().env
  else prepared = await prepareDatabase(layout)
  const databaseUrl = env.DATABASE_URL!

  const { getDb, disconnectDb } = await import('./app/utils/db.server.ts')
  const db = getDb()
  // The background jobs run in one process of the machine: each is safe to run once per machine, not once per core.
  const ownsJobs = !forked || isJobOwner(workerIndex)

  // Confirmation emails: sent over SMTP when SMTP_URL is set, otherwise kept in the staff outbox.
  const { getMailTransport } = await import('./app/services/email/mailer.server.ts')
  const mail = ownsJobs ? getMailTransport() : undefined
  const emailDelivery = mail ? (await import('./app/jobs/email-delivery.server.ts')).startEmailDelivery(db, mail, env.EMAIL_DELIVERY_INTERVAL_MS) : undefined
  // Exam attempts whose time ran out while nobody had them open are auto-submitted and graded.
  const examSweep = ownsJobs ? (await import('./app/jobs/exam-sweep.server.ts')).startExamSweep(db) : undefined
  // Seats held for a bank transfer that did not arrive by its deadline are released, and their holders told.
  const transferDeadlines = ownsJobs ? (await import('./app/jobs/transfer-deadlines.server.ts')).startTransferDeadlines(db) : undefined
  // Reminders before each chosen forum, "your certificate is issued", "the replay is available" (each switchable per event).
  const automaticMails = ownsJobs ? (await import('./app/jobs/automatic-mails.server.ts')).startAutomaticMails(db) : undefined

  // Certificates: the durable job queue (pg-boss) for automatic and batch issue. Every process enqueues.
  const { startCertificateWorker } = await import('./app/jobs/certificate-worker.server.ts')
  const certificateWorker = await startCertificateWorker(db, databaseUrl, { work: env.CERTIFICATE_WORKER && ownsJobs })
  // Exam grading: submitting closes the attempt; this queue grades it (pg-boss, same switch as certificates).
  const examGrading = await (await import('./app/jobs/exam-grading-worker.server.ts')).startExamGrading(db, databaseUrl, { work: env.CERTIFICATE_WORKER && ownsJobs })

  let media: MediaServer | undefined
  if (env.MEDIA_SERVER === 'embedded' && mediaPort === undefined) {
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
  // The HLS origin: signed playlists and segments from RECORDINGS_DIR, checked without the database (issue 12).
  app.use(hlsOrigin({ secret: hlsUrlSecret(), recordingsDir: recordingsDir(env), corsOrigin: hlsCorsOrigin(env) }))
  const httpServer = http.createServer(app)
  const realtime = await startRealtime(httpServer, { redisUrl: env.REDIS_URL, publicUrl: env.PUBLIC_URL, clustered: forked, processLabel: forked ? `web${workerIndex}` : undefined })
  // The stage's sockets go on to the media process, when there is one.
  if (mediaPort !== undefined) routeMediaUpgrades(httpServer, { host: '127.0.0.1', port: mediaPort })
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
  // Live forums are broadcast (HLS) and recorded beside their rooms (BROADCAST=off: not at all).
  const broadcaster = signalling ? (await import('./media-server/broadcast/index.ts')).startBroadcasterFromEnv(signalling.rooms, env) : undefined
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

  // The player's delivery (WebRTC or HLS) compares the node's WebRTC viewers with its capacity: counted
  // here when the media server runs in this process, else read from the media process's (or host's) /healthz.
  const { setWebRtcViewerSource, webRtcViewersFromHealth } = await import('./app/utils/webrtc-viewers.server.ts')
  if (signalling) setWebRtcViewerSource(() => signalling.rooms.viewerTotal())
  else if (mediaPort !== undefined) setWebRtcViewerSource(webRtcViewersFromHealth(`http://127.0.0.1:${mediaPort}`))
  else if (env.MEDIA_SERVER === 'external' && env.MEDIA_SERVER_URL) setWebRtcViewerSource(webRtcViewersFromHealth(env.MEDIA_SERVER_URL))

  // The attendance ledger: players report over socket.io, rows are written in batches.
  const { LedgerWriter } = await import('./app/services/attendance/ledger-writer.server.ts')
  const { attachAttendance } = await import('./app/realtime/attendance.server.ts')
  const ledger = new LedgerWriter(db, { flushMs: env.LEDGER_FLUSH_MS, maxBatch: 2000 }).start()
  const attendanceNsp = attachAttendance(realtime.io, db, ledger, { heartbeatSec: env.ATTENDANCE_HEARTBEAT_SEC, presenceTimeoutSec: env.PRESENCE_TIMEOUT_SEC })
  // Live access follows the registration: a cancellation, refund, rejection or withdrawn role closes the sockets it paid for, on every node.
  const { attachLiveAccessControl } = await import('./app/realtime/live-access.server.ts')
  const mediaElsewhere = mediaPort !== undefined || env.MEDIA_SERVER === 'external'
  const remoteMedia = !signalling && mediaElsewhere && realtime.adapter !== 'memory' ? { tokenSecret: mediaTokenSecret } : undefined
  attachLiveAccessControl(realtime.io, db, { media: signalling?.gate, interaction: interaction.gate, attendance: attendanceNsp, remoteMedia })
  // The scheduler claims each prompt with SKIP LOCKED and reaches viewers in every process through the adapter.
  const presenceScheduler = ownsJobs ? (await import('./app/jobs/presence-scheduler.server.ts')).startPresenceScheduler(attendanceNsp, db, ledger) : undefined
  const liveAttendance = ownsJobs ? (await import('./app/jobs/live-attendance.server.ts')).startLiveAttendanceDerivation(db) : undefined
  // Replays: recordings of ended forums are finalised within seconds (issue 12).
  const recordingFinaliser = ownsJobs && env.BROADCAST === 'on' ? (await import('./app/jobs/recording-finaliser.server.ts')).startRecordingFinaliser(db, recordingsDir(env)) : undefined
  // The background jobs (app/jobs/), stopped on shutdown in the order they were started.
  const jobs = [emailDelivery, examSweep, transferDeadlines, automaticMails, certificateWorker, examGrading, presenceScheduler, liveAttendance, recordingFinaliser].filter((job) => job !== undefined)

  const mediaHealth = media
    ? ({ mode: 'embedded', status: media.status } as const)
    : mediaPort !== undefined
      ? ({ mode: 'external', url: `http://127.0.0.1:${mediaPort}` } as const)
      : env.MEDIA_SERVER === 'external'
        ? ({ mode: 'external', url: env.MEDIA_SERVER_URL } as const)
        : ({ mode: 'off' } as const)
  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth({ db, media: mediaHealth, adapter: realtime.adapter })
    // The media process belongs to this machine's default: it is the embedded media server, in a process of its own.
    if (mediaPort !== undefined) health.mediasoup.mode = 'embedded'
    res
      .status(health.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ...health, process: { pid: process.pid, index: forked ? workerIndex : 0, of: layout.webProcesses } })
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
    // Files only: a page's path (no extension) would cost two failed stat() calls per request.
    app.use(onlyFileNames(express.static(path.join(buildDir, 'client'), { maxAge: '1h' })))
    app.use(onlyFileNames(express.static('public', { maxAge: '1h' })))
    const build = (await import(path.join(buildDir, 'server', 'index.js'))) as ServerBuild
    // The live page's personal request, which a crowd makes in the minute a forum starts: its
    // loader straight, without Remix's route matching (issue 16). Reconnects' tokens likewise.
    app.get('/api/live/access', createDirectLoaderHandler(build, 'routes/api.live.access'))
    app.get('/api/live/token', createDirectLoaderHandler(build, 'routes/api.live.token'))
    if (env.PUBLIC_PAGE_CACHE_MS > 0) app.use(publicPageCache({ ttlMs: env.PUBLIC_PAGE_CACHE_MS }))
    app.all('*', createRequestHandler({ build, mode: env.NODE_ENV }))
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(`Port ${env.PORT} is in use; set PORT to a free port`) : error))
    httpServer.listen(env.PORT, env.HOST, resolve)
  })
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  if (!forked) {
    logger.info({ port, db: prepared!.embedded ? 'embedded' : 'postgresql', media: env.MEDIA_SERVER }, 'listening')
    await printBanner(env.PUBLIC_URL ?? `http://localhost:${port}`, prepared!)
  }

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    httpServer.closeAllConnections?.()
    for (const job of jobs) await job.stop().catch((error) => logger.warn({ err: error, job: job.name }, 'job stop failed'))
    await broadcaster?.close()
    await signalling?.close()
    await chatStore?.stop()
    interaction.close()
    await realtime.close()
    await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    // Sockets are closed, so nothing more arrives: write what the ledger still holds.
    await ledger.stop()
    await media?.close()
    await disconnectDb()
    await prepared?.embedded?.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  if (forked) process.once('disconnect', () => void shutdown('primary gone'))
}

main().catch((error: Error) => {
  logger.fatal({ err: error }, 'start-up failed')
  console.error(`\nStart-up failed: ${error.message}\n`)
  process.exit(1)
})

/** Runs a static-file middleware only for paths whose last segment has an extension (favicon.svg, fonts/x.ttf). */
function onlyFileNames(serve: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? serve(req, res, next) : next())
}
