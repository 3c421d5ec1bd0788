import os from 'node:os'
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

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
  EMBEDDED_DB_DIR: z.string().min(1).default('.data/pglite'),
  EMBEDDED_DB_PORT: port.default(54329),
  SEED_DEMO: bool.optional(),
  /** Anonymous visitors' public pages are cached this long (0 turns it off). */
  PUBLIC_PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TICKET_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^sk_(test|live)_/, 'must start with sk_test_ or sk_live_').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, 'must start with whsec_').optional(),
  /** Only for tests and local fakes: where the Stripe SDK sends its requests. */
  STRIPE_API_BASE: z.string().url().optional(),
  MEDIA_SERVER: z.enum(['embedded', 'external', 'off']).default('embedded'),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(256).default(os.availableParallelism()),
  MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  MEDIASOUP_RTC_MIN_PORT: port.default(40000),
  MEDIASOUP_RTC_MAX_PORT: port.default(49999),
  MEDIASOUP_LISTEN_IP: z.string().min(1).default('0.0.0.0'),
  MEDIASOUP_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  MEDIA_SERVER_PORT: port.default(3001),
  MEDIA_SERVER_URL: z.string().url().default('http://127.0.0.1:3001'),
})

export type Env = z.infer<typeof envSchema>

let cached: Env | undefined

/** Parses process.env once; throws a readable error listing every bad variable. */
export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && cached) return cached
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')),
  )
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`)
  }
  if (parsed.data.MEDIASOUP_RTC_MIN_PORT > parsed.data.MEDIASOUP_RTC_MAX_PORT) {
    throw new Error('Invalid environment configuration:\n  - MEDIASOUP_RTC_MIN_PORT must not exceed MEDIASOUP_RTC_MAX_PORT')
  }
  if (source === process.env) cached = parsed.data
  return parsed.data
}

/** For tests and for the embedded database, which sets DATABASE_URL after start-up. */
export function resetEnvCache() {
  cached = undefined
}
