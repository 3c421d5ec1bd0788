/**
 * How much of a replay one report may claim. A replay player reports the media-time range
 * it played since its last report; nobody watches faster than real time by more than the
 * player's fastest speed, so a report may cover at most the wall-clock time since the
 * previous one times `maxSpeed`, plus `slackSec` for timer jitter. A socket's first report
 * may cover `firstSec`. Without this a client could claim hours of replay attendance (and
 * enduring credit) in seconds. Pure: times are parameters.
 */
export type ReplayLimits = { maxSpeed: number; slackSec: number; firstSec: number }
export const REPLAY_LIMITS: ReplayLimits = { maxSpeed: 2, slackSec: 5, firstSec: 60 }

export function replayAllowanceSec(lastReportAtMs: number | null, nowMs: number, limits: ReplayLimits = REPLAY_LIMITS): number {
  if (lastReportAtMs === null) return limits.firstSec
  return (Math.max(0, nowMs - lastReportAtMs) / 1000) * limits.maxSpeed + limits.slackSec
}

export function acceptsReplayProgress(report: { mediaFromSec: number; mediaToSec: number }, lastReportAtMs: number | null, nowMs: number, limits: ReplayLimits = REPLAY_LIMITS): boolean {
  const claimed = report.mediaToSec - report.mediaFromSec
  return claimed >= 0 && claimed <= replayAllowanceSec(lastReportAtMs, nowMs, limits)
}
