/**
 * How much of a replay one socket may claim. A replay player reports the media-time ranges
 * it played; nobody watches faster than the player's fastest speed, so what a socket claims
 * is drawn from an allowance of media seconds that refills at `maxSpeed` per wall-clock
 * second up to `burstSec` (a bucket, not a per-report limit: reports that a slow network or
 * a busy server delivers back to back are still accepted, as long as their total could
 * have been watched). A new socket starts with a full allowance. Without this a client
 * could claim hours of replay attendance (and enduring credit) in seconds. `slackSec` is
 * how far past the end of the recording a range may reach (the player's rounding).
 * Pure: times are parameters; the allowance is the caller's state, updated in place.
 */
export type ReplayLimits = { maxSpeed: number; burstSec: number; slackSec: number }
export const REPLAY_LIMITS: ReplayLimits = { maxSpeed: 2, burstSec: 60, slackSec: 5 }

export type ReplayAllowance = { sec: number; at: number }

export function freshReplayAllowance(nowMs: number, limits: ReplayLimits = REPLAY_LIMITS): ReplayAllowance {
  return { sec: limits.burstSec, at: nowMs }
}

/** Takes the report's media seconds from the allowance, or refuses it and takes nothing. */
export function takeReplayProgress(allowance: ReplayAllowance, report: { mediaFromSec: number; mediaToSec: number }, nowMs: number, limits: ReplayLimits = REPLAY_LIMITS): boolean {
  allowance.sec = Math.min(limits.burstSec, allowance.sec + (Math.max(0, nowMs - allowance.at) / 1000) * limits.maxSpeed)
  allowance.at = Math.max(allowance.at, nowMs)
  const claimed = report.mediaToSec - report.mediaFromSec
  if (!(claimed >= 0) || claimed > allowance.sec) return false
  allowance.sec -= claimed
  return true
}
