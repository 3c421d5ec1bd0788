import { dayKey } from './time.ts'

/**
 * Which forums a venue scan counts for in the attendance ledger. A venue tied to one forum
 * (a sub-forum's room) counts for that forum. A venue that shows the whole event (the main
 * venue, a branch venue watching the broadcast) counts for the forums of the scan's own day
 * in the event's time zone: an entry scanned on day 1 with no exit then ends at that day's
 * forums' close, and never credits day 2. An entry also skips forums already over. Parallel
 * forums of the day all get the scan, because the scanner cannot tell which room the person
 * sat in; credit rules count simultaneous sessions once (AMA PRA), so credit is not doubled.
 */
export function forumsForVenueScan(
  venue: { forumId: string | null },
  forums: readonly { id: string; startsAt: Date; endsAt: Date }[],
  scan: { kind: 'ENTRY' | 'EXIT'; at: Date },
  timeZone: string,
): string[] {
  if (venue.forumId) return [venue.forumId]
  const day = dayKey(scan.at, timeZone)
  return forums
    .filter((f) => dayKey(f.startsAt, timeZone) <= day && day <= dayKey(f.endsAt, timeZone))
    .filter((f) => scan.kind === 'EXIT' || f.endsAt.getTime() > scan.at.getTime())
    .map((f) => f.id)
}
