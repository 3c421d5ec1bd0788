import type { AppLocale } from './locale.ts'
import { dayKey, formatTime, zoneLabel } from './time.ts'

/**
 * Bank transfer (对公转账) rules: how long a seat waits for the money, and when several
 * registrations of one hospital may be paid by one transfer. Pure: times are parameters.
 */
const DAY_MS = 24 * 60 * 60 * 1000

export const HOLD_DAYS = { min: 1, max: 60 } as const

/**
 * The deadline of a transfer: `holdDays` after registering, but not after the event starts
 * (an unpaid seat is no use once it has begun). An event already under way gives the full
 * hold: the cap would otherwise lie in the past.
 */
export function transferDeadline(registeredAt: Date, holdDays: number, eventStartsAt: Date): Date {
  const full = new Date(registeredAt.getTime() + holdDays * DAY_MS)
  if (eventStartsAt.getTime() <= registeredAt.getTime()) return full
  return eventStartsAt.getTime() < full.getTime() ? eventStartsAt : full
}

export function isPastDeadline(deadline: Date, now: Date): boolean {
  return now.getTime() >= deadline.getTime()
}

export type GroupCandidate = {
  registrationId: string
  eventId: string
  status: string
  amount: number
  currency: string
  transfer: { id: string; status: string; deadline: Date; group: boolean; hasFapiao: boolean } | null
}

export type GroupProblem = 'too_few' | 'other_event' | 'not_awaiting_transfer' | 'already_grouped' | 'currency' | 'has_fapiao'

export type GroupPlan = { ok: true; amount: number; currency: string; deadline: Date; replacedTransferIds: string[] } | { ok: false; problem: GroupProblem; registrationId?: string }

/**
 * One transfer for several registrations of one hospital: each must await its own transfer
 * (PENDING_PAYMENT with an AWAITING single transfer) for the same event, in one currency. The
 * group owes the sum and keeps the latest of their deadlines, so no seat loses time by joining.
 */
export function planGroupTransfer(eventId: string, candidates: readonly GroupCandidate[]): GroupPlan {
  if (candidates.length < 2) return { ok: false, problem: 'too_few' }
  const currency = candidates[0]!.currency
  let amount = 0
  let deadline = 0
  for (const c of candidates) {
    if (c.eventId !== eventId) return { ok: false, problem: 'other_event', registrationId: c.registrationId }
    if (c.status !== 'PENDING_PAYMENT' || !c.transfer || c.transfer.status !== 'AWAITING') return { ok: false, problem: 'not_awaiting_transfer', registrationId: c.registrationId }
    if (c.transfer.group) return { ok: false, problem: 'already_grouped', registrationId: c.registrationId }
    if (c.transfer.hasFapiao) return { ok: false, problem: 'has_fapiao', registrationId: c.registrationId }
    if (c.currency !== currency) return { ok: false, problem: 'currency', registrationId: c.registrationId }
    amount += c.amount
    deadline = Math.max(deadline, c.transfer.deadline.getTime())
  }
  return { ok: true, amount, currency, deadline: new Date(deadline), replacedTransferIds: candidates.map((c) => c.transfer!.id) }
}

/** "2026-12-08 18:00 (GMT+8)": a deadline as the attendee reads it, in the event's zone. */
export function formatDeadline(deadline: Date, timeZone: string, locale: AppLocale): string {
  return `${dayKey(deadline, timeZone)} ${formatTime(deadline, timeZone)} (${zoneLabel(deadline, timeZone, locale)})`
}
