import { planRefund } from '~/domain/desk-actions.ts'
import type { DeskExamProgress, DeskSurveyProgress } from '~/domain/desk-progress.ts'
import { fapiaoState, type FapiaoState } from '~/domain/fapiao.ts'
import { deskOrder, deskPage, DESK_PAGE_SIZE, deskPhoneSearch, paymentState, type DeskPage, type DeskQuery, type PaymentState } from '~/domain/registration-desk.ts'
import { priceFor, type Tier } from '~/domain/registration.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import { parseDeskQuery } from '~/schemas/registration-desk.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { loadDeskProgress, loadDeskProgressScope, type DeskProgress, type DeskProgressScope } from './load-desk-progress.server.ts'

export type DeskRow = {
  id: string
  realName: string
  institution: string | null
  title: string | null
  email: string
  /** As stored (app/domain/registration-import.ts `normalizePhone`); shown with `formatPhone`. */
  phone: string | null
  ticketId: string
  ticketZh: string
  ticketEn: string
  tier: 'MEMBER' | 'NON_MEMBER' | 'STUDENT'
  status: 'PENDING_PAYMENT' | 'PENDING_APPROVAL' | 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED' | 'REJECTED'
  payment: PaymentState
  fapiao: FapiaoState
  checkedIn: boolean
  certificate: boolean
  createdAt: Date
  /** Minutes attended (live, on site, replay), united over time; see load-desk-progress. */
  minutes: number
  exam: DeskExamProgress
  survey: DeskSurveyProgress
  /** How the desk can refund it in full (app/domain/desk-actions.ts `planRefund`), or null. */
  refundMethod: 'stripe' | 'transfer' | null
}

/** A certificate counts as issued while its current version is valid. */
const ISSUED: Prisma.CertificateWhereInput = { status: 'VALID', current: true }

/** The SQL filter of a desk query (search on name, email, institution and phone: ILIKE / LIKE; one institution exactly). */
export function deskWhere(eventId: string, query: DeskQuery): Prisma.RegistrationWhereInput {
  const where: Prisma.RegistrationWhereInput = { eventId }
  if (query.status) where.status = query.status
  if (query.ticket) where.ticketTypeId = query.ticket
  if (query.tier) where.tier = query.tier
  if (query.checkedIn !== undefined) where.checkIns = query.checkedIn ? { some: {} } : { none: {} }
  if (query.certificate !== undefined) where.certificates = query.certificate ? { some: ISSUED } : { none: ISSUED }
  if (query.payment) where.bankTransfer = { status: ({ transfer_awaiting: 'AWAITING', transfer_received: 'RECEIVED', transfer_expired: 'EXPIRED' } as const)[query.payment] }
  if (query.fapiao) {
    // A group transfer's one fapiao counts for every registration it pays.
    if (query.fapiao === 'none') where.AND = [{ fapiaoRequest: { is: null } }, { OR: [{ bankTransferId: null }, { bankTransfer: { fapiaoRequest: { is: null } } }] }]
    else {
      const status = query.fapiao === 'issued' ? 'ISSUED' : 'REQUESTED'
      where.OR = [{ fapiaoRequest: { is: { status } } }, { bankTransfer: { fapiaoRequest: { is: { status } } } }]
    }
  }
  const person: Prisma.UserWhereInput[] = []
  if (query.institution) {
    // Prisma turns a case-insensitive `equals` into ILIKE without escaping (prisma/prisma#10810):
    // the institution's own % _ \ are escaped so that it matches itself only.
    person.push({ institution: { equals: query.institution.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' } })
  }
  if (query.q) {
    // A search without letters that have a case (Chinese names, digits, phone-like text) is the
    // same with LIKE as with ILIKE, and LIKE is several times cheaper on a scan of 50,000 people.
    // Either way a search of 3+ characters uses the trigram indexes on User (migrations
    // 20261210011000, and 20261212010000 for the phone).
    const cased = query.q.toLowerCase() !== query.q.toUpperCase()
    const contains = cased ? { contains: query.q, mode: 'insensitive' as const } : { contains: query.q }
    const phone = deskPhoneSearch(query.q)
    person.push({ OR: [{ realName: contains }, { email: contains }, { institution: contains }, ...(phone ? [{ phone: { contains: phone } }] : [])] })
  }
  if (person.length > 0) where.user = person.length === 1 ? person[0] : { AND: person }
  return where
}

export function deskOrderBy(query: DeskQuery): Prisma.RegistrationOrderByWithRelationInput[] {
  return deskOrder(query.sort, query.dir).map(([field, dir]) => {
    switch (field) {
      case 'name':
        return { user: { realName: dir } }
      case 'created':
        return { createdAt: dir }
      case 'status':
        return { status: dir }
      case 'id':
        return { id: dir }
    }
  })
}

export const DESK_ROW_SELECT = {
  id: true,
  status: true,
  tier: true,
  amount: true,
  createdAt: true,
  ticketTypeId: true,
  user: { select: { realName: true, institution: true, title: true, email: true, phone: true } },
  ticketType: { select: { nameZh: true, nameEn: true } },
  payments: { select: { status: true, createdAt: true, amount: true, refundedAmount: true, stripePaymentIntentId: true } },
  bankTransfer: { select: { status: true, fapiaoRequest: { select: { status: true } } } },
  transferRefund: { select: { id: true } },
  fapiaoRequest: { select: { status: true } },
  checkIns: { select: { id: true }, take: 1 },
  certificates: { where: ISSUED, select: { id: true }, take: 1 },
} satisfies Prisma.RegistrationSelect

type SelectedRow = Prisma.RegistrationGetPayload<{ select: typeof DESK_ROW_SELECT }>

const NO_PROGRESS: DeskProgress = { minutes: 0, exam: { state: 'none', passed: 0, total: 0 }, survey: { state: 'none', completed: 0, total: 0 } }

export function toDeskRow(r: SelectedRow, progress: DeskProgress = NO_PROGRESS): DeskRow {
  return {
    id: r.id,
    realName: r.user.realName,
    institution: r.user.institution,
    title: r.user.title,
    email: r.user.email,
    phone: r.user.phone,
    ticketId: r.ticketTypeId,
    ticketZh: r.ticketType.nameZh,
    ticketEn: r.ticketType.nameEn,
    tier: r.tier,
    status: r.status,
    payment: paymentState(r.amount, r.payments, r.bankTransfer),
    fapiao: fapiaoState(r.fapiaoRequest ?? r.bankTransfer?.fapiaoRequest),
    checkedIn: r.checkIns.length > 0,
    certificate: r.certificates.length > 0,
    createdAt: r.createdAt,
    ...progress,
    refundMethod: planRefund({ amount: r.amount, payments: r.payments, transfer: r.bankTransfer, transferRefunded: r.transferRefund !== null })?.method ?? null,
  }
}

/** Rows with their minutes, exam and survey state: one query per column family for the batch's ids. */
export async function toDeskRows(db: Db, scope: DeskProgressScope, rows: SelectedRow[]): Promise<DeskRow[]> {
  const progress = await loadDeskProgress(
    db,
    scope,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toDeskRow(r, progress.get(r.id)))
}

export type DeskListing = {
  event: { id: string; slug: string; titleZh: string; titleEn: string }
  /** For the move form: each ticket's price for each tier today and its free seats (null: no quota). */
  tickets: { id: string; nameZh: string; nameEn: string; priceNow: Record<Tier, number>; seatsLeft: number | null }[]
  currency: string
  total: number
  paging: DeskPage
  rows: DeskRow[]
  /** For the institution filter's suggestions: the event's institutions, most registrations first. */
  institutions: DeskInstitution[]
}

export type DeskInstitution = { name: string; registrations: number }

/** How many institutions the filter suggests: enough for a congress's hospitals, small enough for every page load. */
export const DESK_INSTITUTION_SUGGESTIONS = 200

/**
 * The institutions of an event's registrants with their registration counts, most first,
 * spelled as stored and counted without regard to case (as the filter matches them). One
 * aggregate over the event's registrations; writers store institutions trimmed (the profile
 * form, the import), so the filter's trimmed value finds each one.
 */
export async function listEventInstitutions(db: Db, eventId: string, limit = DESK_INSTITUTION_SUGGESTIONS): Promise<DeskInstitution[]> {
  const rows = await db.$queryRaw<{ name: string; registrations: number }[]>`
    SELECT min(u."institution") AS name, count(*)::int AS registrations
      FROM "Registration" r JOIN "User" u ON u."id" = r."userId"
     WHERE r."eventId" = ${eventId} AND u."institution" <> ''
     GROUP BY lower(u."institution")
     ORDER BY registrations DESC, name
     LIMIT ${limit}`
  return rows
}

/** How long a process reuses an event's suggestions before it reads them again (in the background). */
export const DESK_INSTITUTIONS_TTL_MS = 60_000
const suggestions = new Map<string, { at: number; value: Promise<DeskInstitution[]> }>()

/**
 * The suggestions as the desk shows them: the aggregate reads every registration of the event
 * (about 100 ms at 50,000 on a busy 2-core machine, bench/RESULTS.md), too much for each page,
 * sort and search of the desk, and they only help staff type a name. So each process keeps them
 * per event and, once they are a minute old, answers with them while it reads them again: only
 * the first desk page of an event in a process waits for them. A new institution shows within
 * a minute; the filter itself always reads the database.
 */
export function eventInstitutionSuggestions(db: Db, eventId: string, now = Date.now()): Promise<DeskInstitution[]> {
  const cached = suggestions.get(eventId)
  if (cached && now - cached.at < DESK_INSTITUTIONS_TTL_MS) return cached.value
  const read = Promise.resolve(listEventInstitutions(db, eventId))
  const entry = { at: now, value: read }
  if (suggestions.size >= 500 && !cached) suggestions.delete(suggestions.keys().next().value!)
  suggestions.set(eventId, entry)
  read.catch((error: unknown) => {
    // A failed read is not kept: the next page tries again (and an old list, if any, is dropped with it).
    if (suggestions.get(eventId) === entry) suggestions.delete(eventId)
    logger.warn({ err: error, eventId }, 'desk institution suggestions failed')
  })
  if (!cached) return read
  // Stale: answer with the last list (or wait for the new one if the last one failed).
  return cached.value.catch(() => read)
}

/** One page of an event's registrations, filtered, searched and sorted on the server. */
export async function listEventRegistrations(db: Db, eventId: string, query: DeskQuery, now = new Date()): Promise<DeskListing> {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, titleZh: true, titleEn: true, currency: true, ticketTypes: { orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const where = deskWhere(eventId, query)
  // The suggestions do not depend on the query: read (when not kept) while the page is counted and read.
  const institutions = eventInstitutionSuggestions(db, eventId)
  institutions.catch(() => undefined)
  const total = await db.registration.count({ where })
  const paging = deskPage(total, query.page)
  const [rows, scope] = await Promise.all([
    db.registration.findMany({ where, orderBy: deskOrderBy(query), skip: paging.offset, take: DESK_PAGE_SIZE, select: DESK_ROW_SELECT }),
    loadDeskProgressScope(db, eventId),
  ])
  const { ticketTypes, currency, ...rest } = event
  const tickets = ticketTypes.map((tt) => ({
    id: tt.id,
    nameZh: tt.nameZh,
    nameEn: tt.nameEn,
    priceNow: { MEMBER: priceFor(tt, 'MEMBER', now).amount, NON_MEMBER: priceFor(tt, 'NON_MEMBER', now).amount, STUDENT: priceFor(tt, 'STUDENT', now).amount },
    seatsLeft: tt.quota === null ? null : Math.max(0, tt.quota - tt.seatsTaken),
  }))
  return { event: rest, tickets, currency, total, paging, rows: await toDeskRows(db, scope, rows), institutions: await institutions }
}

/** The desk's query from a request URL; a bad value is a 400 naming the fields, never a 500. */
export function deskQueryFromUrl(url: string): DeskQuery {
  const parsed = parseDeskQuery(new URL(url).searchParams)
  if (!parsed.ok) throw new AppError('bad_request', `Invalid registrations query: ${parsed.problems.map((p) => p.field).join(', ')}`, { problems: parsed.problems })
  return parsed.query
}
