import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

const port = z.coerce.number().int().min(0).max(65535)

/** Every setting the platform reads. README's configuration table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * HTTP + socket.io processes on this machine, sharing PORT (Node's cluster module); unset: one per
   * core in production, one in development. 1 runs everything in one process (docs/process-layout.md).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** Threads of libuv's pool per process (argon2 hashes, file reads); unset: the primary sizes it (app/domain/process-layout.ts). */
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).optional(),
  /** Set by server.ts's primary in the processes it forks, never by hand: which one this is, and the media process's loopback port. */
  CME_PROCESS_ROLE: z.enum(['web', 'media']).optional(),
  CME_WORKER_INDEX: z.coerce.number().int().min(0).default(0),
  CME_MEDIA_PORT: port.optional(),
  EMBEDDED_DB_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_DB_PORT: port.default(54329),
  /**
   * A demo instance: the demo data is seeded into an empty database, the demo accounts (whose
   * password is published) may log in even in production, and every page shows a banner.
   * `npm start -- --demo` sets it; unset, `npm start` asks on the first start in a terminal.
   */
  DEMO: bool.optional(),
  /** Seed the demo data into an empty database at start-up (default: DEMO). `true` also turns DEMO on. */
  SEED_DEMO: bool.optional(),
  /**
   * Which proxies to believe about the client's address (Express's "trust proxy"): unset or
   * false for direct connections, a hop count (1 behind one load balancer), or addresses and
   * subnets ("loopback, 10.0.0.0/8"). The address goes into audit logs and verification logs.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .optional(),
  /**
   * The event and forum pages' programme is rendered to HTML once per event, language and data
   * version and shared by every visitor (default). `false` renders it in every request: the
   * reference the shared markup is tested against.
   */
  PROGRAMME_HTML_CACHE: bool.optional(),
  /** Anonymous visitors' public pages are cached this long (0 turns it off). */
  PUBLIC_PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Sign-ups accepted from one client address per hour (then 429). Browser tests sign up many people from 127.0.0.1. */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TICKET_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_/, 'must start with sk_test_ or sk_live_')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must start with whsec_')
    .optional(),
  /** Only for tests and local fakes: where the Stripe SDK sends its requests. */
  STRIPE_API_BASE: z.string().url().optional(),
  /** Attendance: how often players send a heartbeat, and how long a presence prompt waits. */
  ATTENDANCE_HEARTBEAT_SEC: z.coerce.number().int().min(5).max(300).default(30),
  /** Silence longer than this closes an attendance interval (default: three missed heartbeats). */
  ATTENDANCE_GRACE_SEC: z.coerce.number().int().min(10).max(1800).default(90),
  PRESENCE_TIMEOUT_SEC: z.coerce.number().int().min(15).max(600).default(60),
  /**
   * Random presence checks a forum plans for itself when it first goes live, "min-max" per
   * hour (staff can re-plan per forum); "0" turns them off.
   */
  PRESENCE_RANDOM_PER_HOUR: z
    .string()
    .trim()
    .regex(/^(0|\d{1,2}-\d{1,2})$/, 'must be "0" or "min-max" per hour, e.g. "2-4"')
    .transform((v) => (v === '0' ? null : { minPerHour: Number(v.split('-')[0]), maxPerHour: Number(v.split('-')[1]) }))
    .refine((v) => v === null || (v.minPerHour <= v.maxPerHour && v.maxPerHour >= 1 && v.maxPerHour <= 12), 'min must not exceed max, and max must be 1–12')
    .default('2-4'),
  /** Ledger rows are written in batches at least this often (the most a crash can lose). */
  LEDGER_FLUSH_MS: z.coerce.number().int().min(50).max(1000).default(500),
  /** smtp:// or smtps:// URL of the mail relay; without it, emails wait in the staff outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  EMAIL_FROM: z.string().min(3).default('医学学术论坛 <no-reply@cme-forum.local>'),
  /** How often the delivery job looks for queued mails (up to 50 each time). The browser tests use a fraction of a second. */
  EMAIL_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  MEDIA_SERVER: z.enum(['embedded', 'external', 'off']).default('embedded'),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(256).default(os.availableParallelism()),
  MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  MEDIASOUP_RTC_MIN_PORT: port.default(40000),
  MEDIASOUP_RTC_MAX_PORT: port.default(49999),
  MEDIASOUP_LISTEN_IP: z.string().min(1).default('0.0.0.0'),
  MEDIASOUP_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  /** Worker i's WebRtcServer listens on this port + i, UDP and TCP: one pair of ports per worker for every browser. */
  MEDIASOUP_WEBRTC_PORT: port.default(39000),
  /** Viewers on one router before the room opens another router on another worker (pipeToRouter). */
  MEDIA_VIEWERS_PER_ROUTER: z.coerce.number().int().min(1).max(10_000).default(250),
  /** Key for the live-stage join tokens; defaults to TICKET_SECRET (separate MAC domain). Set it on app and media processes alike. */
  MEDIA_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a live-stage join token in seconds; clients fetch a fresh one for every (re)connect. */
  MEDIA_TOKEN_TTL_S: z.coerce.number().int().min(10).max(3600).default(120),
  /** Only for tests: GET /internal/media/rooms (loopback only) lists rooms with their worker pids. */
  MEDIA_TEST_HOOKS: bool.default('false'),
  MEDIA_SERVER_PORT: port.default(3001),
  MEDIA_SERVER_URL: z.string().url().default('http://127.0.0.1:3001'),
  /** With MEDIA_SERVER=external: the media server's address as browsers reach it (default MEDIA_SERVER_URL). */
  MEDIA_PUBLIC_URL: z.string().url().optional(),
  /**
   * Broadcast and replay (issue 12; docs/broadcast-and-replay.md). `on`: while a forum is LIVE the
   * media process composes its stage into an HLS ladder with ffmpeg and records it; `off`: no HLS
   * tier and no recordings (WebRTC only).
   */
  BROADCAST: z.enum(['on', 'off']).default('on'),
  /** Where recordings are written and served from. Default: `recordings` in the data folder (beside EMBEDDED_DB_DIR). */
  RECORDINGS_DIR: z.string().min(1).optional(),
  /** The ffmpeg binary the broadcaster runs (Debian's, installed by scripts/install-system-deps.sh). */
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  /**
   * Signs the HLS URLs (nginx secure_link_md5 at an edge uses the same). Default: derived from the
   * ticket key. Set it explicitly when an edge checks the URLs: the edge's config holds it.
   */
  HLS_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a signed HLS URL in seconds; the player fetches a fresh one before it runs out. */
  HLS_URL_TTL_S: z.coerce.number().int().min(30).max(86_400).default(600),
  /** Base URL of the HLS edge (e.g. https://live-edge.example.org); unset: the app serves /media/hls itself. */
  HLS_PUBLIC_URL: z.string().url().optional(),
  /** WebRTC viewers this node takes before new viewers get HLS. Default: MEDIASOUP_WORKERS × MEDIA_VIEWERS_PER_ROUTER. */
  WEBRTC_VIEWER_CAPACITY: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** Ed25519 private key that signs certificate codes: PKCS8 PEM, or base64 of the PKCS8 DER. Unset: generated once under the data folder. */
  CERTIFICATE_SIGNING_KEY: z.string().min(40, 'must be an Ed25519 PKCS8 key (PEM or base64)').optional(),
  /** Public keys of signing keys rotated out (SPKI PEM, or base64 DER separated by commas): their certificates still verify. */
  CERTIFICATE_RETIRED_PUBLIC_KEYS: z.string().optional(),
  /** The issuing association, printed on certificates and shown on the verify page. */
  CERTIFICATE_ISSUER_ZH: z.string().min(1).default('上海市医院协会'),
  CERTIFICATE_ISSUER_EN: z.string().min(1).default('Shanghai Hospital Association'),
  /** Run the durable certificate job queue (pg-boss) in this process: automatic and batch issue. */
  CERTIFICATE_WORKER: bool.default('true'),
  /** Only for tests and benchmarks: no start-up banner with the address and the demo logins. */
  CME_QUIET_BANNER: bool.default('false'),
})

export type Env = z.infer<typeof envSchema>

// On globalThis: server.ts and the Remix server bundle each load their own copy of this module, and
// the bundle must see what server.ts resolved at start-up (generated secrets, the embedded database).
const shared = globalThis as unknown as { __cmeEnv?: Env }

/** Parses process.env once per process; throws a readable error listing every bad variable. */
export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && shared.__cmeEnv) return shared.__cmeEnv
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`)
  }
  if (parsed.data.MEDIASOUP_RTC_MIN_PORT > parsed.data.MEDIASOUP_RTC_MAX_PORT) {
    throw new Error('Invalid environment configuration:\n  - MEDIASOUP_RTC_MIN_PORT must not exceed MEDIASOUP_RTC_MAX_PORT')
  }
  const { MEDIASOUP_WEBRTC_PORT: webrtc, MEDIASOUP_WORKERS: workers, MEDIASOUP_RTC_MIN_PORT: min, MEDIASOUP_RTC_MAX_PORT: max } = parsed.data
  if (webrtc + workers - 1 >= min && webrtc <= max) {
    throw new Error(`Invalid environment configuration:\n  - MEDIASOUP_WEBRTC_PORT: ports ${webrtc}-${webrtc + workers - 1} overlap the RTC port range ${min}-${max}`)
  }
  if (webrtc + workers - 1 > 65535) throw new Error('Invalid environment configuration:\n  - MEDIASOUP_WEBRTC_PORT: too high for the number of workers')
  if (source === process.env) shared.__cmeEnv = parsed.data
  return parsed.data
}

/**
 * The logger's level. Read apart from getEnv(), and not cached: the logger is created when it is first
 * imported, before start-up validates the rest (a bad LOG_LEVEL still fails there).
 */
export function resolveLogLevel(source: Record<string, string | undefined> = process.env): string {
  return source.LOG_LEVEL || (source.NODE_ENV === 'test' ? 'warn' : 'info')
}

export type DataFolderSecret = 'SESSION_SECRET' | 'TICKET_SECRET' | 'CERTIFICATE_SIGNING_KEY'

/**
 * SESSION_SECRET, TICKET_SECRET and CERTIFICATE_SIGNING_KEY, when unset, are generated once into files
 * under the data folder (the parent of EMBEDDED_DB_DIR, mode 600) and read from there on every start,
 * so cookies, tickets and certificates stay valid across restarts of a single node.
 */
export function readOrCreateDataFolderSecrets(env: Env): { env: Env; fromDataFolder: DataFolderSecret[] } {
  const dataRoot = path.resolve(path.dirname(env.EMBEDDED_DB_DIR))
  const fromDataFolder: DataFolderSecret[] = []
  const resolved = { ...env }
  for (const name of ['SESSION_SECRET', 'TICKET_SECRET'] as const) {
    if (resolved[name]) continue
    const file = path.join(dataRoot, name.toLowerCase().replace('_', '-'))
    if (!existsSync(file)) {
      mkdirSync(dataRoot, { recursive: true })
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
    }
    resolved[name] = readFileSync(file, 'utf8').trim()
    fromDataFolder.push(name)
  }
  if (!resolved.CERTIFICATE_SIGNING_KEY) {
    // Ed25519, PKCS8 PEM: the form CERTIFICATE_SIGNING_KEY takes.
    const file = path.join(dataRoot, 'certificate-signing-key.pem')
    if (!existsSync(file)) {
      mkdirSync(dataRoot, { recursive: true })
      const { privateKey } = generateKeyPairSync('ed25519')
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' })
    }
    resolved.CERTIFICATE_SIGNING_KEY = readFileSync(file, 'utf8')
    fromDataFolder.push('CERTIFICATE_SIGNING_KEY')
  }
  return { env: resolved, fromDataFolder }
}

/** The app server's start-up: the process-wide configuration takes its unset secrets from the data folder. */
export function resolveDataFolderSecrets(): { env: Env; fromDataFolder: DataFolderSecret[] } {
  const result = readOrCreateDataFolderSecrets(getEnv())
  shared.__cmeEnv = result.env
  return result
}

/** Without DATABASE_URL, server.ts starts the embedded database and records its address here, once it listens. */
export function recordEmbeddedDatabaseUrl(url: string): Env {
  shared.__cmeEnv = { ...getEnv(), DATABASE_URL: url }
  return shared.__cmeEnv
}

/** Demo mode (see DEMO): DEMO, else SEED_DEMO (asking for the demo data asks for a demo instance). */
export function isDemoMode(env: Env = getEnv()): boolean {
  return env.DEMO ?? env.SEED_DEMO ?? false
}

/** server.ts records the answer when `npm start` asked in the terminal whether to seed the demo. */
export function recordDemoMode(demo: boolean): Env {
  shared.__cmeEnv = { ...getEnv(), DEMO: demo }
  return shared.__cmeEnv
}

/** Only for tests: the next getEnv() parses process.env again. */
export function resetEnvCache() {
  shared.__cmeEnv = undefined
}
