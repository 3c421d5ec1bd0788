import { verifyTicket } from '~/domain/ticket-token.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { forumsForVenueScan } from '~/domain/venue-attendance.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

export type CheckInInput = {
  code: string
  venueId: string
  kind: 'ENTRY' | 'EXIT'
  /** Chosen by the scanning device per scan; a retry of the same scan is a no-op. */
  nonce: string
  /** When the coordinator scanned (the device's clock; scans may sync later). */
  scannedAt: Date
  scannedById: string
}

export type CheckInOutcome =
  | { outcome: 'recorded' | 'duplicate'; kind: 'ENTRY' | 'EXIT'; at: Date; venueId: string; venueNameZh: string; venueNameEn: string; attendee: string }
  | { outcome: 'already_in'; at: Date; venueId: string; venueNameZh: string; venueNameEn: string; attendee: string }

/**
 * Records a venue ENTRY or EXIT scan (pretix-style): idempotent on the nonce; a second
 * ENTRY while still inside reports when and where the first happened instead of recording.
 * These raw scans are the venue part of the attendance ledger.
 */
export async function checkIn(db: Db, input: CheckInInput, secret: string): Promise<CheckInOutcome> {
  const registrationId = verifyTicket(secret, input.code)
  if (!registrationId) throw new AppError('ticket_invalid', 'Ticket code is forged or malformed')

  const venue = await db.venue.findUnique({ where: { id: input.venueId }, select: { id: true, eventId: true, forumId: true } })
  if (!venue) throw new AppError('not_found', 'No such venue')
  const registration = await db.registration.findUnique({ where: { id: registrationId }, select: { id: true, eventId: true, status: true, user: { select: { realName: true } } } })
  if (!registration) throw new AppError('ticket_invalid', 'Ticket does not match a registration')
  if (registration.eventId !== venue.eventId) throw new AppError('ticket_other_event', 'Ticket is for another event')
  if (registration.status !== 'CONFIRMED') throw new AppError('ticket_not_confirmed', 'Registration is not confirmed')

  const venueOf = (v: { id: string; nameZh: string; nameEn: string }) => ({ venueId: v.id, venueNameZh: v.nameZh, venueNameEn: v.nameEn })
  const attendee = registration.user.realName

  const previous = await db.checkIn.findUnique({ where: { nonce: input.nonce }, include: { venue: true } })
  if (previous) {
    if (previous.registrationId !== registrationId) throw new AppError('conflict', 'Nonce already used for another ticket')
    return { outcome: 'duplicate', kind: previous.kind, at: previous.scannedAt, ...venueOf(previous.venue), attendee }
  }

  if (input.kind === 'ENTRY') {
    const last = await db.checkIn.findFirst({
      where: { registrationId, scannedAt: { lte: input.scannedAt } },
      orderBy: [{ scannedAt: 'desc' }, { createdAt: 'desc' }],
      include: { venue: true },
    })
    // A concurrent copy of this very scan may have landed since the nonce lookup.
    if (last?.nonce === input.nonce) return { outcome: 'duplicate', kind: last.kind, at: last.scannedAt, ...venueOf(last.venue), attendee }
    if (last?.kind === 'ENTRY') return { outcome: 'already_in', at: last.scannedAt, ...venueOf(last.venue), attendee }
  }

  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.checkIn.create({
        data: { registrationId, venueId: venue.id, kind: input.kind, nonce: input.nonce, scannedAt: input.scannedAt, scannedById: input.scannedById },
        include: { venue: true },
      })
      // The same scan goes into the attendance ledger: for the forum the venue shows or,
      // when it shows the whole event, for the forums of the scan's day (forumsForVenueScan).
      const event = await tx.event.findUniqueOrThrow({ where: { id: venue.eventId }, select: { timeZone: true, forums: { select: { id: true, startsAt: true, endsAt: true } } } })
      const forumIds = forumsForVenueScan(venue, event.forums, { kind: input.kind, at: input.scannedAt }, event.timeZone)
      await tx.attendanceEvent.createMany({
        data: forumIds.map((forumId) => ({
          registrationId,
          forumId,
          kind: input.kind === 'ENTRY' ? ('VENUE_ENTRY' as const) : ('VENUE_EXIT' as const),
          source: 'VENUE' as const,
          receivedAt: input.scannedAt,
          clientAt: input.scannedAt,
          nonce: `checkin:${input.nonce}:${forumId}`,
        })),
        skipDuplicates: true,
      })
      return created
    })
    logger.info({ registrationId, venueId: venue.id, kind: input.kind }, 'check-in recorded')
    return { outcome: 'recorded', kind: row.kind, at: row.scannedAt, ...venueOf(row.venue), attendee }
  } catch (error) {
    // Two copies of one queued scan racing each other: the loser reports the winner's row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const row = await db.checkIn.findUniqueOrThrow({ where: { nonce: input.nonce }, include: { venue: true } })
      return { outcome: 'duplicate', kind: row.kind, at: row.scannedAt, ...venueOf(row.venue), attendee }
    }
    throw error
  }
}

/**
 * People inside each venue of an event now: their latest scan there is an ENTRY. One
 * DISTINCT ON query, so the database does the work however many scans there are.
 */
export async function venueCounts(db: Db, eventId: string) {
  const venues = await db.venue.findMany({ where: { eventId }, select: { id: true, nameZh: true, nameEn: true, kind: true, capacity: true }, orderBy: [{ kind: 'asc' }, { nameZh: 'asc' }] })
  const rows = await db.$queryRaw<{ venueId: string; inside: number }[]>`
    SELECT "venueId", count(*)::int AS "inside" FROM (
      SELECT DISTINCT ON (c."registrationId") c."venueId", c."kind"
      FROM "CheckIn" c JOIN "Venue" v ON v."id" = c."venueId"
      WHERE v."eventId" = ${eventId}
      ORDER BY c."registrationId", c."scannedAt" DESC, c."createdAt" DESC
    ) latest
    WHERE "kind" = 'ENTRY'
    GROUP BY "venueId"`
  const inside = new Map(rows.map((r) => [r.venueId, Number(r.inside)]))
  return venues.map((v) => ({ ...v, inside: inside.get(v.id) ?? 0 }))
}
