import { decideLoginAttempt, LOGIN_THROTTLE, normaliseLoginEmail, type LoginFailures, type LoginThrottleScope } from '~/domain/login-throttle.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit, type LimitResult, type RateLimit } from '~/utils/rate-limit.server.ts'

const policy = LOGIN_THROTTLE

function counters(db: Db): Record<LoginThrottleScope, RateLimit> {
  // A refusal lasts the whole window from the moment the limit is crossed (blockDurationSec).
  const common = { durationSec: policy.windowSec, blockDurationSec: policy.windowSec, scope: 'shared', db } as const
  return {
    account_address: createRateLimit({ name: 'login-failures-account-address', points: policy.accountAddressLimit, ...common }),
    account: createRateLimit({ name: 'login-failures-account', points: policy.accountLimit, ...common }),
    address: createRateLimit({ name: 'login-failures-address', points: policy.addressLimit, ...common }),
  }
}

const LIMITS: Record<LoginThrottleScope, number> = { account_address: policy.accountAddressLimit, account: policy.accountLimit, address: policy.addressLimit }

export type LoginAttempt = {
  /** How long to wait before checking the password (the growing delay). */
  delayMs: number
  /** The password was right: the account+address count starts again, and this attempt is not a failure anywhere. */
  succeeded(): Promise<void>
}

/**
 * Counts a log-in attempt as a failure before the password is checked (app/domain/login-throttle.ts).
 * Counting first is what makes parallel guesses count: each attempt gets its place from the store
 * atomically, so a burst cannot slip through between a check and a later count. A right password
 * takes its point back (`succeeded`), so only failures stay counted. The counters are taken one
 * after the other, and a refused attempt gives back what it took from the ones before: once one
 * address is refused for an account, hammering on costs one write and does not also lock the
 * account for everyone else.
 *
 * Without an address (a caller outside HTTP), the per-address counter is skipped.
 */
export async function beginLoginAttempt(db: Db, email: string, ipAddress: string | null | undefined): Promise<LoginAttempt> {
  const limits = counters(db)
  const account = normaliseLoginEmail(email)
  const address = ipAddress?.trim() || null
  const keys: Record<LoginThrottleScope, string | null> = { account_address: `${account}|${address ?? '-'}`, account, address }
  const giveBack = (scope: LoginThrottleScope) => (keys[scope] === null ? Promise.resolve() : limits[scope].consume(keys[scope], -1).then(() => undefined))
  const failures: LoginFailures = { accountAddress: 0, account: 0, address: 0 }
  const field = { account_address: 'accountAddress', account: 'account', address: 'address' } as const
  const taken: LoginThrottleScope[] = []
  for (const scope of ['account_address', 'account', 'address'] as const) {
    const key = keys[scope]
    if (key === null) continue
    const result: LimitResult = await limits[scope].consume(key)
    failures[field[scope]] = result.consumed - 1
    const decision = decideLoginAttempt(failures, policy)
    if (decision.kind === 'refuse') {
      await Promise.all(taken.map(giveBack))
      // Once per crossing, not per refused attempt: an attack must not flood the log.
      if (result.consumed === LIMITS[scope] + 1) logger.warn({ scope: decision.scope }, 'log-in throttled')
      const retryAfterMs = result.allowed ? policy.windowSec * 1000 : result.retryAfterMs
      throw new AppError('too_many_logins', 'Too many failed log-ins; try again later', { retryAfterMs, scope: decision.scope })
    }
    taken.push(scope)
  }
  const decision = decideLoginAttempt(failures, policy)
  return {
    delayMs: decision.kind === 'allow' ? decision.delayMs : 0,
    async succeeded() {
      await Promise.all([keys.account_address ? limits.account_address.reset(keys.account_address) : null, giveBack('account'), giveBack('address')])
    },
  }
}
