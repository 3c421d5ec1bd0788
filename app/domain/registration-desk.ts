/**
 * The staff registrations desk of one event: which rows a query asks for, in what order,
 * on which page, and how each row reads. Pure: the service turns this into SQL.
 */
import { normalizePhone } from './registration-import.ts'

export const DESK_PAGE_SIZE = 50

export const DESK_STATUSES = ['PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED', 'WAITLISTED', 'CANCELLED', 'REJECTED'] as const
export type DeskStatus = (typeof DESK_STATUSES)[number]
export const DESK_TIERS = ['MEMBER', 'NON_MEMBER', 'STUDENT'] as const
export type DeskTier = (typeof DESK_TIERS)[number]
/** Payment filters by bank transfer (对公转账) state; Stripe payments show in the column. */
export const DESK_PAYMENT_FILTERS = ['transfer_awaiting', 'transfer_received', 'transfer_expired'] as const
export type DeskPaymentFilter = (typeof DESK_PAYMENT_FILTERS)[number]
export const DESK_FAPIAO_FILTERS = ['none', 'requested', 'issued'] as const
export type DeskFapiaoFilter = (typeof DESK_FAPIAO_FILTERS)[number]
export const DESK_SORTS = ['name', 'created', 'status'] as const
export type DeskSort = (typeof DESK_SORTS)[number]
export type SortDirection = 'asc' | 'desc'

export type DeskQuery = {
  /** Matched case-insensitively against name, email and institution, and against the phone (`deskPhoneSearch`). */
  q?: string
  /** One institution, exactly: trimmed, compared without regard to case. */
  institution?: string
  status?: DeskStatus
  ticket?: string
  tier?: DeskTier
  checkedIn?: boolean
  certificate?: boolean
  payment?: DeskPaymentFilter
  fapiao?: DeskFapiaoFilter
  sort: DeskSort
  dir: SortDirection
  page: number
}

export const DEFAULT_DESK_QUERY: DeskQuery = { sort: 'created', dir: 'desc', page: 1 }

export type SortField = 'name' | 'created' | 'status' | 'id'

/**
 * The full ordering of a sort: the chosen key, then creation time and id as tie-breakers,
 * so that paging and the export walk the same total order and no row appears twice.
 */
export function deskOrder(sort: DeskSort, dir: SortDirection): [SortField, SortDirection][] {
  const order: [SortField, SortDirection][] = [[sort, dir]]
  if (sort !== 'created') order.push(['created', 'asc'])
  order.push(['id', sort === 'created' ? dir : 'asc'])
  return order
}

export type DeskPage = { page: number; pages: number; offset: number; hasPrevious: boolean; hasNext: boolean }

/** Offset paging; a page past the end shows the last page rather than an empty table. */
export function deskPage(total: number, requested: number, size = DESK_PAGE_SIZE): DeskPage {
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(Math.max(1, Math.floor(requested)), pages)
  return { page, pages, offset: (page - 1) * size, hasPrevious: page > 1, hasNext: page < pages }
}

/** The query as URL parameters, leaving out defaults, so links and the export carry the filters. */
export function deskSearchParams(query: DeskQuery, overrides: Partial<DeskQuery> = {}): URLSearchParams {
  const q = { ...query, ...overrides }
  const params = new URLSearchParams()
  if (q.q) params.set('q', q.q)
  if (q.institution) params.set('institution', q.institution)
  if (q.status) params.set('status', q.status)
  if (q.ticket) params.set('ticket', q.ticket)
  if (q.tier) params.set('tier', q.tier)
  if (q.checkedIn !== undefined) params.set('checkedIn', q.checkedIn ? 'yes' : 'no')
  if (q.certificate !== undefined) params.set('certificate', q.certificate ? 'yes' : 'no')
  if (q.payment) params.set('payment', q.payment)
  if (q.fapiao) params.set('fapiao', q.fapiao)
  if (q.sort !== DEFAULT_DESK_QUERY.sort) params.set('sort', q.sort)
  if (q.dir !== DEFAULT_DESK_QUERY.dir) params.set('dir', q.dir)
  if (q.page !== 1) params.set('page', String(q.page))
  return params
}

export type PaymentState = 'free' | 'unpaid' | 'open' | 'paid' | 'partially_refunded' | 'refunded' | 'expired' | DeskPaymentFilter

/**
 * One word for the money side of a registration: a free ticket needs none; money settled by
 * Stripe outranks everything; then a bank transfer in force (awaited, received or expired; a
 * void one replaced by a group's is not) speaks; otherwise the newest checkout decides, and a
 * paid one outranks a later expired attempt.
 */
export function paymentState(
  amount: number,
  payments: { status: 'OPEN' | 'PAID' | 'EXPIRED' | 'REFUNDED' | 'PARTIALLY_REFUNDED'; createdAt: Date }[],
  transfer: { status: 'AWAITING' | 'RECEIVED' | 'EXPIRED' | 'CANCELLED' } | null = null,
): PaymentState {
  if (amount === 0 && payments.length === 0) return 'free'
  const settled = payments.filter((p) => p.status !== 'OPEN' && p.status !== 'EXPIRED')
  if (settled.length === 0 && transfer && transfer.status !== 'CANCELLED') return `transfer_${transfer.status.toLowerCase()}` as DeskPaymentFilter
  const pool = settled.length > 0 ? settled : payments
  if (pool.length === 0) return 'unpaid'
  const newest = pool.reduce((a, b) => (b.createdAt > a.createdAt ? b : a))
  return newest.status.toLowerCase() as PaymentState
}

/** Columns of the list and of its exports, in order; headers come from `deskColumnKey`. */
export const DESK_COLUMNS = [
  'realName',
  'institution',
  'title',
  'email',
  'phone',
  'ticket',
  'tier',
  'status',
  'payment',
  'checkedIn',
  'certificate',
  'minutes',
  'exam',
  'survey',
  'fapiao',
  'registeredAt',
  'registrationId',
] as const
export type DeskColumn = (typeof DESK_COLUMNS)[number]

/** The translation key of a column's header: the progress and phone columns live in `deskRows`. */
export function deskColumnKey(column: DeskColumn): string {
  return column === 'minutes' || column === 'exam' || column === 'survey' || column === 'phone' ? `deskRows.columns.${column}` : `desk.columns.${column}`
}

/**
 * The digits a search looks for in the stored phone, or null when the search is not
 * phone-like. Phones are stored as one key (app/domain/registration-import.ts
 * `normalizePhone`: a mainland mobile as its 11 digits, else "+" and digits), so a search
 * typed as staff read it off a list ("+86 138-1234-5678", "138 1234", "(0044) 7911") drops
 * spaces, dashes, brackets and the country prefix +86/0086 before matching. Fewer than 3
 * digits: null (too short to tell anyone apart, and the trigram index needs 3).
 */
export function deskPhoneSearch(q: string): string | null {
  const compact = q.normalize('NFKC').replace(/[\s\-()]/g, '')
  if (!/^(?:\+|00)?\d+$/.test(compact)) return null
  const whole = normalizePhone(compact)
  const digits = whole ? whole.replace(/^\+/, '') : compact.replace(/^(?:\+86|0086|\+|00)/, '')
  return digits.length >= 3 ? digits : null
}

/** A stored phone as people read it: a mainland mobile in groups of 3-4-4 ("138 1234 5678"), anything else as stored. */
export function formatPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone
}
