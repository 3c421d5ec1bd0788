import { deriveIntervals, type AttendanceOptions, type AttendanceSource, type LedgerEvent } from '~/domain/attendance.ts'
import { ALL_SOURCES, deriveCreditedAttendance, type CreditedForum } from '~/domain/credited-time.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { loadCreditedForums } from './load-credited-forums.server.ts'

const BATCH = 500
/**
 * Ledger ids come from a sequence, but a batch can commit after a later id is visible
 * (another node's flush in flight). Re-reading this many ids before the previous watermark
 * covers every batch that could have been in flight: nodes × the writer's batch size.
 */
const LATE_ROW_MARGIN = 50_000n

export function attendanceOptions(): AttendanceOptions {
  const env = getEnv()
  return { heartbeatSec: env.ATTENDANCE_HEARTBEAT_SEC, graceSec: env.ATTENDANCE_GRACE_SEC, presenceTimeoutSec: env.PRESENCE_TIMEOUT_SEC }
}

type LedgerRowForDerivation = {
  registrationId: string
  kind: LedgerEvent['kind']
  source: LedgerEvent['source']
  receivedAt: Date
  promptId: string | null
  mediaFromSec: number | null
  mediaToSec: number | null
}

export function toLedgerEvent(forumId: string, r: LedgerRowForDerivation): LedgerEvent {
  return {
    kind: r.kind,
    at: r.receivedAt.toISOString(),
    source: r.source,
    forumId,
    ...(r.promptId ? { promptId: r.promptId } : {}),
    ...(r.mediaFromSec !== null ? { mediaFromSec: r.mediaFromSec } : {}),
    ...(r.mediaToSec !== null ? { mediaToSec: r.mediaToSec } : {}),
  }
}

/**
 * Re-derives a forum's attendance intervals from its ledger and stores them for analytics.
 * Only registrations with ledger rows since the previous run are redone (by row id, with a
 * margin for batches another node committed late). Each batch
 * replaces its registrations' intervals in one transaction, so readers never see half.
 */
export async function deriveForumAttendance(db: Db, forumId: string, options: { now?: Date; full?: boolean; lateRowMargin?: bigint } = {}) {
  const now = options.now ?? new Date()
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { id: true, attendanceDerivation: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  // The window the credited derivation reads the ledger in (app/domain/credited-time.ts), so the stored copy equals it.
  const [credited] = await loadCreditedForums(db, { id: forumId }, now)
  const windows = [credited!.window]
  const window = { start: new Date(credited!.window.start), end: new Date(credited!.window.end) }
  const previous = options.full ? null : forum.attendanceDerivation
  const top = await db.attendanceEvent.aggregate({ where: { forumId }, _max: { id: true } })
  const lastEventId = top._max.id ?? 0n

  const touched = await db.attendanceEvent.findMany({
    where: previous ? { forumId, id: { gt: previous.lastEventId - (options.lateRowMargin ?? LATE_ROW_MARGIN) } } : { forumId },
    distinct: ['registrationId'],
    select: { registrationId: true },
  })
  const ids = touched.map((t) => t.registrationId)
  const settings = attendanceOptions()
  let intervalsWritten = 0
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH)
    const rows = await db.attendanceEvent.findMany({
      where: { forumId, registrationId: { in: batch } },
      orderBy: [{ registrationId: 'asc' }, { receivedAt: 'asc' }, { id: 'asc' }],
      select: { registrationId: true, kind: true, source: true, receivedAt: true, promptId: true, mediaFromSec: true, mediaToSec: true },
    })
    const byRegistration = new Map<string, LedgerEvent[]>()
    for (const r of rows) {
      let list = byRegistration.get(r.registrationId)
      if (!list) byRegistration.set(r.registrationId, (list = []))
      list.push(toLedgerEvent(forumId, r))
    }
    const data = [...byRegistration].flatMap(([registrationId, events]) =>
      deriveIntervals(events, windows, settings).map((iv) => ({ registrationId, forumId, source: iv.source, start: new Date(iv.start), end: new Date(iv.end) })),
    )
    await db.$transaction([db.attendanceInterval.deleteMany({ where: { forumId, registrationId: { in: batch } } }), db.attendanceInterval.createMany({ data })])
    intervalsWritten += data.length
  }
  await db.attendanceDerivation.upsert({
    where: { forumId },
    create: { forumId, startedAt: now, lastEventId, registrations: ids.length },
    update: { startedAt: now, lastEventId, registrations: ids.length },
  })
  logger.info({ forumId, registrations: ids.length, intervals: intervalsWritten }, 'attendance derived')
  return { registrations: ids.length, intervals: intervalsWritten, window }
}

/**
 * The one derivation (app/domain/credited-time.ts) for one registration, from its ledger
 * rows in the given forums right now: intervals, and credited minutes per session and forum
 * under `sources` (all three unless a rule says otherwise), narrowed to `sessionIds` when
 * given. What credit, exam eligibility and the staff evidence page all start from.
 */
export async function deriveRegistrationAttendance(
  db: Db,
  registrationId: string,
  forums: readonly CreditedForum[],
  options: { sources?: readonly AttendanceSource[]; sessionIds?: ReadonlySet<string> } = {},
) {
  const rows = await db.attendanceEvent.findMany({
    where: { registrationId, forumId: { in: forums.map((f) => f.forumId) } },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, registrationId: true, forumId: true, kind: true, source: true, receivedAt: true, clientAt: true, promptId: true, mediaFromSec: true, mediaToSec: true },
  })
  const derived = deriveCreditedAttendance(
    rows.map((r) => toLedgerEvent(r.forumId, r)),
    forums,
    attendanceOptions(),
    options.sources ?? ALL_SOURCES,
    options.sessionIds,
  )
  return { rows, ...derived }
}

/**
 * The same derivation for many registrations at once (reports): ledger rows read in batches,
 * each registration derived on its own. Registrations without rows get nothing credited.
 */
export async function deriveRegistrationsAttendance(
  db: Db,
  registrationIds: readonly string[],
  forums: readonly CreditedForum[],
  options: { sources?: readonly AttendanceSource[]; sessionIds?: ReadonlySet<string> } = {},
) {
  const settings = attendanceOptions()
  const out = new Map<string, ReturnType<typeof deriveCreditedAttendance>>()
  for (let i = 0; i < registrationIds.length; i += BATCH) {
    const batch = registrationIds.slice(i, i + BATCH)
    const rows = await db.attendanceEvent.findMany({
      where: { registrationId: { in: batch }, forumId: { in: forums.map((f) => f.forumId) } },
      orderBy: [{ registrationId: 'asc' }, { receivedAt: 'asc' }, { id: 'asc' }],
      select: { registrationId: true, forumId: true, kind: true, source: true, receivedAt: true, promptId: true, mediaFromSec: true, mediaToSec: true },
    })
    const byRegistration = new Map<string, LedgerEvent[]>(batch.map((id) => [id, []]))
    for (const r of rows) byRegistration.get(r.registrationId)?.push(toLedgerEvent(r.forumId, r))
    for (const [id, events] of byRegistration) out.set(id, deriveCreditedAttendance(events, forums, settings, options.sources ?? ALL_SOURCES, options.sessionIds))
  }
  return out
}
