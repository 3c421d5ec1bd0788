/**
 * Login-session policy (issue 17; decision 006): a session ends after 7 days without a
 * request (idle) and 30 days after log-in whatever happens (absolute). Pure: the clock is a
 * parameter.
 */
export const IDLE_TIMEOUT_MS = 7 * 24 * 3600_000
export const ABSOLUTE_TIMEOUT_MS = 30 * 24 * 3600_000
/**
 * `lastSeenAt` is written at most this often: the guard runs on every signed-in page, and
 * a write per request would cost more than the read. The idle timeout is days long, so a
 * few minutes of imprecision do not matter.
 */
export const TOUCH_INTERVAL_MS = 5 * 60_000

/** When a session started now ends at the latest (the row's `expiresAt`). */
export function absoluteExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + ABSOLUTE_TIMEOUT_MS)
}

export type SessionTimes = { expiresAt: Date; lastSeenAt: Date }
export type SessionState = 'active' | 'idle' | 'expired'

/** 'expired': past the absolute limit; 'idle': unused for the idle timeout; otherwise 'active'. */
export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired'
  if (now.getTime() - session.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS) return 'idle'
  return 'active'
}

/** Whether this request should record itself as the session's last activity. */
export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS
}

/** The oldest `lastSeenAt` that is still active at `now` (for queries). */
export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - IDLE_TIMEOUT_MS)
}

/** User agents are stored trimmed and bounded: they are shown, never parsed for security. */
export const USER_AGENT_MAX = 300

export function normaliseUserAgent(userAgent: string | null | undefined): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = (userAgent ?? '').replace(/[\u0000-\u001F\u007F]/g, ' ').trim()
  return clean ? clean.slice(0, USER_AGENT_MAX) : null
}

export type DeviceSummary = { browser: string | null; os: string | null }

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, 'WeChat'],
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\b(?:SamsungBrowser)\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
]

const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bHarmonyOS\b/, 'HarmonyOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

/**
 * A short, human summary of a user agent ("Chrome · Windows") so a person can tell their
 * devices apart in the session list. Order matters: Edge and Opera also say "Chrome", and
 * Chrome also says "Safari".
 */
export function summariseUserAgent(userAgent: string | null | undefined): DeviceSummary {
  const ua = userAgent ?? ''
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null
  return { browser, os }
}

export type RelativeTime = { value: number; unit: 'second' | 'minute' | 'hour' | 'day' }

/**
 * How long ago, in the largest whole unit (for Intl.RelativeTimeFormat): "3 minutes ago",
 * "2 days ago". Anything under a minute is "now" (value 0, unit 'second').
 */
export function timeAgo(at: Date, now: Date): RelativeTime {
  const s = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000))
  if (s < 60) return { value: 0, unit: 'second' }
  if (s < 3600) return { value: -Math.floor(s / 60), unit: 'minute' }
  if (s < 86_400) return { value: -Math.floor(s / 3600), unit: 'hour' }
  return { value: -Math.floor(s / 86_400), unit: 'day' }
}
