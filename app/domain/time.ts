import type { AppLocale } from './locale.ts'

/**
 * Times are stored as UTC instants and always shown in the event's time zone
 * (with the viewer's own zone beside them where it differs). Pure: the instant and
 * zones are parameters, never the clock.
 */

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

// Building an Intl.DateTimeFormat costs far more than using one; a page with 90 sessions
// formats hundreds of times, so formatters are kept per zone and options.
const formatters = new Map<string, Intl.DateTimeFormat>()
export function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = formatters.get(key)
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)))
  return f
}

/**
 * What a pure formatting function answered, kept per argument key: the same instants (an
 * event's dates, its days) are formatted on every request of a page, and Intl's
 * formatToParts costs several microseconds a call. Bounded: emptied when full.
 */
function remembered<T>(limit: number) {
  const kept = new Map<string, T>()
  return (key: string, compute: () => T): T => {
    let value = kept.get(key)
    if (value === undefined) {
      if (kept.size >= limit) kept.clear()
      kept.set(key, (value = compute()))
    }
    return value
  }
}

type Parts = { year: string; month: string; day: string; hour: string; minute: string }
const partsOf = remembered<Parts>(20_000)

function parts(instant: Date, timeZone: string): Parts {
  return partsOf(`${timeZone}|${instant.getTime()}`, () => {
    const fmt = formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const out: Record<string, string> = {}
    for (const p of fmt.formatToParts(instant)) out[p.type] = p.value
    return out as Parts
  })
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayKey(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone)
  return `${p.year}-${p.month}-${p.day}`
}

/** "09:30" in the zone, 24-hour. */
export function formatTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone)
  return `${p.hour}:${p.minute}`
}

/** "2026年8月10日 星期一" / "Monday, 10 August 2026" for a YYYY-MM-DD day key. */
export function formatDay(day: string, locale: AppLocale): string {
  return daysFormatted(`${locale}|${day}`, () => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number]
    // Noon UTC on that date keeps the weekday right in every zone.
    const instant = new Date(Date.UTC(y, m - 1, d, 12))
    return formatter(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
    }).format(instant)
  })
}
const daysFormatted = remembered<string>(5_000)

/**
 * A range of days for an event's dates, in its zone: "2026年8月10日至15日" /
 * "10–15 August 2026". Written out by hand because Intl's formatRange differs between
 * ICU versions.
 */
export function formatDateRange(start: Date, end: Date, timeZone: string, locale: AppLocale): string {
  const [y1, m1, d1] = dayKey(start, timeZone).split('-').map(Number) as [number, number, number]
  const [y2, m2, d2] = dayKey(end, timeZone).split('-').map(Number) as [number, number, number]
  const monthEn = (m: number) => formatter('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)))
  if (locale === 'zh-CN') {
    const first = `${y1}年${m1}月${d1}日`
    if (y1 === y2 && m1 === m2 && d1 === d2) return first
    if (y1 === y2 && m1 === m2) return `${first}至${d2}日`
    if (y1 === y2) return `${first}至${m2}月${d2}日`
    return `${first}至${y2}年${m2}月${d2}日`
  }
  if (y1 === y2 && m1 === m2 && d1 === d2) return `${d1} ${monthEn(m1)} ${y1}`
  if (y1 === y2 && m1 === m2) return `${d1}–${d2} ${monthEn(m1)} ${y1}`
  if (y1 === y2) return `${d1} ${monthEn(m1)} – ${d2} ${monthEn(m2)} ${y1}`
  return `${d1} ${monthEn(m1)} ${y1} – ${d2} ${monthEn(m2)} ${y2}`
}

/** Short name of a zone at an instant, e.g. "GMT+8" / "CST". */
export function zoneLabel(instant: Date, timeZone: string, locale: AppLocale): string {
  return zoneLabels(`${locale}|${timeZone}|${instant.getTime()}`, () => {
    const p = formatter(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(instant)
    return p.find((x) => x.type === 'timeZoneName')?.value ?? timeZone
  })
}
const zoneLabels = remembered<string>(5_000)

/** Whether two zones show different wall-clock times at an instant. */
export function zonesDiffer(instant: Date, a: string, b: string): boolean {
  const pa = parts(instant, a)
  const pb = parts(instant, b)
  return pa.day !== pb.day || pa.hour !== pb.hour || pa.minute !== pb.minute
}

/** The distinct days (in the zone) touched by a set of [start, end) ranges, sorted. */
export function daysSpanned(ranges: { startsAt: Date; endsAt: Date }[], timeZone: string): string[] {
  const days = new Set<string>()
  for (const r of ranges) {
    days.add(dayKey(r.startsAt, timeZone))
    // An item ending exactly at midnight does not spill into the next day.
    days.add(dayKey(new Date(Math.max(r.startsAt.getTime(), r.endsAt.getTime() - 1)), timeZone))
  }
  return [...days].sort()
}

/**
 * The instant at which the wall clock in `timeZone` shows `local` ("YYYY-MM-DDTHH:mm").
 * Staff type programme times in the event's zone, whatever zone their browser is in.
 * A time skipped by a DST jump resolves forwards; a repeated one takes the earlier instant.
 * Returns null for malformed input.
 */
export function zonedTimeToUtc(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null
  const asUtc = Date.UTC(y, mo - 1, d, h, mi)
  if (new Date(asUtc).getUTCDate() !== d) return null
  const offsetMs = (instant: number) => {
    const p = parts(new Date(instant), timeZone)
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - Math.floor(instant / 60_000) * 60_000
  }
  // The offsets half a day either side cover any transition near this time.
  const before = asUtc - offsetMs(asUtc - 43_200_000)
  const after = asUtc - offsetMs(asUtc + 43_200_000)
  const valid = [before, after].filter((c) => utcToZonedInput(new Date(c), timeZone) === local)
  // Both valid: no transition (equal) or a repeated hour (take the earlier). None valid:
  // a skipped hour; the pre-transition offset lands after the jump.
  return new Date(valid.length ? Math.min(...valid) : before)
}

/** The "YYYY-MM-DDTHH:mm" a datetime-local input shows for an instant in a zone. */
export function utcToZonedInput(instant: Date, timeZone: string): string {
  return `${dayKey(instant, timeZone)}T${formatTime(instant, timeZone)}`
}

/**
 * What the viewer's own clock shows for a time or a range, or null where it shows what
 * the event's does. The viewer's date comes first when it is not the event's date: 08:30
 * in Shanghai is the evening before in New York.
 */
export function viewerTime(start: Date, end: Date | null, eventZone: string, viewerZone: string, locale: AppLocale): string | null {
  if (!zonesDiffer(start, eventZone, viewerZone) && (!end || !zonesDiffer(end, eventZone, viewerZone))) return null
  const time = end ? `${formatTime(start, viewerZone)}–${formatTime(end, viewerZone)}` : formatTime(start, viewerZone)
  if (dayKey(start, viewerZone) === dayKey(start, eventZone)) return time
  const date = formatter(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: viewerZone, month: locale === 'zh-CN' ? 'long' : 'short', day: 'numeric' }).format(start)
  return `${date} ${time}`
}
