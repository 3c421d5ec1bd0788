import { attendanceWindow } from '~/domain/attendance-analytics.ts'
import { countingWindow, creditedSessions, forumRun, type CreditedForum, type LiveStatusChange, type TimeSpan } from '~/domain/credited-time.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'

const forumSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  liveStatus: true,
  liveStartedAt: true,
  liveEndedAt: true,
  liveStatusChanges: { orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { to: true, at: true } },
  actualTimes: { select: { startsAt: true, endsAt: true, pauses: true } },
  sessions: { orderBy: { startsAt: 'asc' }, select: { id: true, kind: true, startsAt: true, endsAt: true } },
} satisfies Prisma.ForumSelect

type ForumRow = Prisma.ForumGetPayload<{ select: typeof forumSelect }>
export type LoadedForum = CreditedForum & { liveStatus: ForumRow['liveStatus']; schedule: TimeSpan }

/** Confirmed pauses as stored (JSON): anything malformed is dropped rather than trusted. */
export function storedPauses(value: unknown): TimeSpan[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((p) => (p && typeof p === 'object' && typeof p.start === 'string' && typeof p.end === 'string' ? [{ start: p.start as string, end: p.end as string }] : []))
}

/**
 * One forum as credit sees it: its run (staff-confirmed times, else the live-status log,
 * else the schedule), the window its ledger is read in, and each session's credited windows.
 * A forum that went live before the log existed has only liveStartedAt/liveEndedAt: those
 * stand in for its log.
 */
export function toCreditedForum(f: ForumRow, now: Date): LoadedForum {
  const schedule = { start: f.startsAt.toISOString(), end: f.endsAt.toISOString() }
  let changes: LiveStatusChange[] = f.liveStatusChanges.map((c) => ({ to: c.to, at: c.at.toISOString() }))
  if (changes.length === 0 && f.liveStartedAt) {
    changes = [{ to: 'LIVE', at: f.liveStartedAt.toISOString() }, ...(f.liveEndedAt ? [{ to: 'ENDED' as const, at: f.liveEndedAt.toISOString() }] : [])]
  }
  const confirmed = f.actualTimes ? { start: f.actualTimes.startsAt.toISOString(), end: f.actualTimes.endsAt.toISOString(), pauses: storedPauses(f.actualTimes.pauses) } : null
  const run = forumRun({ schedule, changes, confirmed, now: now.toISOString() })
  const live = attendanceWindow(f, now)
  const window = countingWindow({ forumId: f.id, liveWindow: { start: live.start.toISOString(), end: live.end.toISOString() }, liveStartedAt: f.liveStartedAt?.toISOString() ?? null }, run)
  const sessions = creditedSessions(
    f.id,
    schedule,
    f.sessions.map((s) => ({ id: s.id, start: s.startsAt.toISOString(), end: s.endsAt.toISOString(), isBreak: s.kind === 'BREAK' })),
    run,
  )
  return { forumId: f.id, window, run, sessions, liveStatus: f.liveStatus, schedule }
}

/** The forums matching `where`, each with its run and credited windows (in position order). */
export async function loadCreditedForums(db: Db, where: Prisma.ForumWhereInput, now: Date): Promise<LoadedForum[]> {
  const rows = await db.forum.findMany({ where, orderBy: [{ position: 'asc' }, { startsAt: 'asc' }], select: forumSelect })
  return rows.map((f) => toCreditedForum(f, now))
}

/** The forums and sessions an event-, forum- or session-wide scope covers. */
export async function loadCreditedScope(db: Db, scope: { eventId: string; forumId: string | null; sessionId: string | null }, now: Date) {
  const where: Prisma.ForumWhereInput = scope.sessionId
    ? { eventId: scope.eventId, sessions: { some: { id: scope.sessionId } } }
    : scope.forumId
      ? { id: scope.forumId, eventId: scope.eventId }
      : { eventId: scope.eventId }
  const forums = await loadCreditedForums(db, where, now)
  return { forums, sessionIds: scope.sessionId ? new Set([scope.sessionId]) : undefined }
}
