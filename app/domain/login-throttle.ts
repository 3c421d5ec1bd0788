/**
 * Log-in throttling (OWASP Authentication Cheat Sheet, "Login throttling"): wrong passwords are
 * counted per account and address, per account across all addresses (a guesser spread over
 * many addresses), and per address across all accounts (one address trying many accounts).
 * The first few failures of an account from one address cost nothing; after that each further
 * attempt waits twice as long as the one before, and past the limit attempts are refused
 * until the window ends. Only failures count: a correct password is never slowed by others'
 * successes, and it clears the count of its own account and address.
 */
export type LoginThrottlePolicy = {
  /** Failures of one account from one address answered without delay. */
  freeFailures: number
  /** Delay of the first attempt after the free failures; it doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
  /** Failures of one account from one address after which attempts are refused. */
  accountAddressLimit: number
  /** Failures of one account from all addresses after which attempts are refused. */
  accountLimit: number
  /** Failures from one address on any accounts after which attempts are refused. */
  addressLimit: number
  /** The counting window, and how long a refusal lasts. */
  windowSec: number
}

export const LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 16_000,
  accountAddressLimit: 10,
  accountLimit: 50,
  addressLimit: 100,
  windowSec: 15 * 60,
}

/** Failures counted before this attempt, in each of the three counters. */
export type LoginFailures = { accountAddress: number; account: number; address: number }

export type LoginThrottleScope = 'account_address' | 'account' | 'address'

export type LoginDecision = { kind: 'allow'; delayMs: number } | { kind: 'refuse'; scope: LoginThrottleScope }

/** How long an attempt waits after `failures` failures of its account from its address. */
export function loginDelayMs(failures: number, policy: LoginThrottlePolicy = LOGIN_THROTTLE): number {
  const over = failures - policy.freeFailures
  if (over < 0) return 0
  return Math.min(policy.baseDelayMs * 2 ** Math.min(over, 30), policy.maxDelayMs)
}

/** Whether an attempt may go ahead (after a delay) or is refused, and by which counter. */
export function decideLoginAttempt(failures: LoginFailures, policy: LoginThrottlePolicy = LOGIN_THROTTLE): LoginDecision {
  if (failures.accountAddress >= policy.accountAddressLimit) return { kind: 'refuse', scope: 'account_address' }
  if (failures.account >= policy.accountLimit) return { kind: 'refuse', scope: 'account' }
  if (failures.address >= policy.addressLimit) return { kind: 'refuse', scope: 'address' }
  return { kind: 'allow', delayMs: loginDelayMs(failures.accountAddress, policy) }
}

/** Whole minutes to show in "try again in N min", never 0. */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000))
}

/** Seconds for the Retry-After header (RFC 9110: a whole number), never 0. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000))
}

/** The account part of the keys: the address as typed, trimmed and lower-cased, so `A@x.cn ` and `a@x.cn` share one count. */
export function normaliseLoginEmail(email: string): string {
  return email.trim().toLowerCase()
}
