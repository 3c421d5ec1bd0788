/**
 * A per-socket rate limit: a bucket of `burst` tokens refilled at `perSec`; each request
 * takes one, and a request finding none is refused. Pure: the time is a parameter; the
 * bucket is the caller's state, updated in place.
 */
export type TokenBucket = { tokens: number; at: number }
export type Rate = { burst: number; perSec: number }

export function fullBucket(rate: Rate, nowMs: number): TokenBucket {
  return { tokens: rate.burst, at: nowMs }
}

export function takeToken(bucket: TokenBucket, rate: Rate, nowMs: number): boolean {
  bucket.tokens = Math.min(rate.burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * rate.perSec)
  bucket.at = nowMs
  if (bucket.tokens < 1) return false
  bucket.tokens -= 1
  return true
}
