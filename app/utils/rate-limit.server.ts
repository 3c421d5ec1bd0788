import cluster from 'node:cluster'
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { createClient } from 'redis'
import { getDb, type Db } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { logger } from './logger.server.ts'

export type LimitResult = { allowed: true; remaining: number; consumed: number } | { allowed: false; retryAfterMs: number; consumed: number }

export interface RateLimit {
  /** Counts `points` (default 1) against `key`; refuses once the window's points are used up. */
  consume(key: string, points?: number): Promise<LimitResult>
  /** How much of the window `key` has used, without counting (0 when unknown). */
  get(key: string): Promise<{ consumed: number; msBeforeNext: number }>
  /** Forgets `key` (for example after a successful log-in). */
  reset(key: string): Promise<void>
}

export type RateLimitOptions = {
  /** Prefix of every key, so two limiters never share a counter. */
  name: string
  points: number
  durationSec: number
  /** Once the points are used up, refuse for this long (default: until the window ends). */
  blockDurationSec?: number
  /**
   * 'shared' holds across processes: Redis when REDIS_URL is set, otherwise the database's
   * RateLimiterFlexible table. 'local' is this process's memory (bursts on one socket).
   */
  scope: 'shared' | 'local'
  /** The database of the calling service (shared scope without Redis); getDb() when omitted. */
  db?: Db
}

type RedisClient = ReturnType<typeof createClient>
let redis: RedisClient | undefined

/** One Redis connection for every shared limiter of the process, opened on first use. */
function sharedRedis(url: string): RedisClient {
  if (!redis) {
    redis = createClient({ url, disableOfflineQueue: true })
    redis.on('error', (err: Error) => logger.warn({ err }, 'rate-limit redis error'))
    redis.connect().catch((err: Error) => logger.warn({ err }, 'rate-limit redis connection failed; limits fall back to this process'))
  }
  return redis
}

/** One process's share of a shared limit while the shared store is down (WEB_CONCURRENCY processes on the machine). */
export function insurancePoints(points: number, processes = cluster.isWorker ? (getEnv().WEB_CONCURRENCY ?? 1) : 1): number {
  return Math.max(1, Math.ceil(points / processes))
}

const byDb = new WeakMap<object, Map<string, RateLimit>>()
const local = new Map<string, RateLimit>()

function wrap(limiter: RateLimiterAbstract): RateLimit {
  return {
    async consume(key, points = 1) {
      try {
        const res = await limiter.consume(key, points)
        return { allowed: true, remaining: res.remainingPoints, consumed: res.consumedPoints }
      } catch (rejection) {
        // A refusal rejects with a RateLimiterRes; a store failure (after the in-memory insurance) with an Error.
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1, rejection.msBeforeNext), consumed: rejection.consumedPoints }
        throw rejection
      }
    },
    async get(key) {
      const res = await limiter.get(key)
      return res ? { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext } : { consumed: 0, msBeforeNext: 0 }
    },
    async reset(key) {
      await limiter.delete(key)
    },
  }
}

/**
 * A named rate limit backed by rate-limiter-flexible (decision 016). Cheap to call per request:
 * instances are kept per database and name. A shared store that fails falls back to an
 * in-memory limiter with this process's share of the numbers (its insurance limiter), so limits never fail open
 * into an error page and never lock everybody out. The database store sweeps its expired rows
 * itself every five minutes; Redis expires its keys.
 */
export function createRateLimit(opts: RateLimitOptions): RateLimit {
  const base = { keyPrefix: `rl:${opts.name}`, points: opts.points, duration: opts.durationSec, blockDuration: opts.blockDurationSec ?? 0 }
  const cacheKey = `${opts.name}|${opts.points}|${opts.durationSec}|${opts.blockDurationSec ?? 0}`
  if (opts.scope === 'local') {
    let limit = local.get(cacheKey)
    if (!limit) local.set(cacheKey, (limit = wrap(new RateLimiterMemory(base))))
    return limit
  }
  const redisUrl = getEnv().REDIS_URL
  const owner: object = redisUrl ? sharedRedis(redisUrl) : (opts.db ?? getDb())
  let limits = byDb.get(owner)
  if (!limits) byDb.set(owner, (limits = new Map()))
  let limit = limits.get(cacheKey)
  if (!limit) {
    // The insurance holds per process: each of the machine's HTTP processes (which share its
    // clients round-robin) takes its share of the points, so together they keep about the limit.
    const insuranceLimiter = new RateLimiterMemory({ ...base, points: insurancePoints(opts.points) })
    const limiter = redisUrl
      ? new RateLimiterRedis({ ...base, storeClient: owner, useRedisPackage: true, insuranceLimiter })
      : new RateLimiterPrisma({ ...base, storeClient: owner, tableName: 'rateLimiterFlexible', insuranceLimiter })
    limits.set(cacheKey, (limit = wrap(limiter)))
  }
  return limit
}
