import { z } from 'zod'

/**
 * Registration rules: prices per tier with early-bird dates, sales windows, what
 * status a new registration gets, who holds a seat, and refunds. Pure: `now` is a parameter.
 */
export type Tier = 'MEMBER' | 'NON_MEMBER' | 'STUDENT'
export type RegistrationStatus = 'PENDING_PAYMENT' | 'PENDING_APPROVAL' | 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED' | 'REJECTED'

export type TicketRules = {
  priceMember: number
  priceNonMember: number
  priceStudent: number
  earlyBirdUntil: Date | null
  earlyBirdPriceMember: number | null
  earlyBirdPriceNonMember: number | null
  earlyBirdPriceStudent: number | null
  quota: number | null
  requiresApproval: boolean
  salesStartAt: Date | null
  salesEndAt: Date | null
  refundUntil: Date | null
  refundPercent: number
}

/** The price for a tier at `now`; the early-bird price applies strictly before `earlyBirdUntil`. */
export function priceFor(ticket: TicketRules, tier: Tier, now: Date): { amount: number; earlyBird: boolean } {
  const regular = { MEMBER: ticket.priceMember, NON_MEMBER: ticket.priceNonMember, STUDENT: ticket.priceStudent }[tier]
  const early = { MEMBER: ticket.earlyBirdPriceMember, NON_MEMBER: ticket.earlyBirdPriceNonMember, STUDENT: ticket.earlyBirdPriceStudent }[tier]
  if (early !== null && ticket.earlyBirdUntil && now.getTime() < ticket.earlyBirdUntil.getTime()) return { amount: early, earlyBird: true }
  return { amount: regular, earlyBird: false }
}

export function isFree(ticket: TicketRules): boolean {
  return [ticket.priceMember, ticket.priceNonMember, ticket.priceStudent, ticket.earlyBirdPriceMember ?? 0, ticket.earlyBirdPriceNonMember ?? 0, ticket.earlyBirdPriceStudent ?? 0].every(
    (p) => p === 0,
  )
}

export function salesState(ticket: Pick<TicketRules, 'salesStartAt' | 'salesEndAt'>, now: Date): 'not_started' | 'open' | 'ended' {
  if (ticket.salesStartAt && now.getTime() < ticket.salesStartAt.getTime()) return 'not_started'
  if (ticket.salesEndAt && now.getTime() >= ticket.salesEndAt.getTime()) return 'ended'
  return 'open'
}

/** Statuses that occupy one of the ticket type's seats. */
export function holdsSeat(status: RegistrationStatus): boolean {
  return status === 'CONFIRMED' || status === 'PENDING_PAYMENT' || status === 'PENDING_APPROVAL'
}

/**
 * The status of a new registration: no seat → wait-list; otherwise staff approval first,
 * then payment when there is something to pay, else confirmed at once.
 */
export function initialStatus(input: { seatAvailable: boolean; requiresApproval: boolean; amount: number }): RegistrationStatus {
  if (!input.seatAvailable) return 'WAITLISTED'
  if (input.requiresApproval) return 'PENDING_APPROVAL'
  return input.amount > 0 ? 'PENDING_PAYMENT' : 'CONFIRMED'
}

/** After approval: pay if there is something to pay. */
export function statusAfterApproval(amount: number): RegistrationStatus {
  return amount > 0 ? 'PENDING_PAYMENT' : 'CONFIRMED'
}

export function canCancel(status: RegistrationStatus): boolean {
  return status !== 'CANCELLED' && status !== 'REJECTED'
}

/**
 * Refund owed on cancellation: `refundPercent` of what was paid while `now` is before
 * `refundUntil` (no deadline means refundable until the event starts), rounded down to the
 * smallest currency unit; nothing afterwards.
 */
export function refundAmount(ticket: Pick<TicketRules, 'refundUntil' | 'refundPercent'>, paid: number, now: Date, eventStartsAt: Date): number {
  const deadline = ticket.refundUntil ?? eventStartsAt
  if (paid <= 0 || now.getTime() >= deadline.getTime()) return 0
  const percent = Math.min(100, Math.max(0, ticket.refundPercent))
  return Math.floor((paid * percent) / 100)
}

// ── Registration questions configured per event ──────────────────────────────

export const registrationQuestionSchema = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/),
  labelZh: z.string().min(1).max(200),
  labelEn: z.string().min(1).max(200),
  type: z.enum(['text', 'select', 'licence']),
  required: z.boolean().default(false),
  options: z.array(z.object({ value: z.string().min(1).max(100), labelZh: z.string(), labelEn: z.string() })).optional(),
  maxLength: z.number().int().min(1).max(2000).default(200),
})
export type RegistrationQuestion = z.infer<typeof registrationQuestionSchema>
export const registrationQuestionsSchema = z.array(registrationQuestionSchema).max(30)

/** Chinese medical licence numbers and board ids: letters, digits and dashes, 5–30 long. */
const LICENCE = /^[A-Za-z0-9-]{5,30}$/

/**
 * Validates answers against the event's questions. Errors are i18n keys per question key.
 * Unknown keys are dropped, never stored.
 */
export function validateAnswers(questions: RegistrationQuestion[], raw: Record<string, unknown>): { ok: true; answers: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const answers: Record<string, string> = {}
  const errors: Record<string, string> = {}
  for (const q of questions) {
    const value = typeof raw[q.key] === 'string' ? (raw[q.key] as string).trim() : ''
    if (!value) {
      if (q.required) errors[q.key] = 'validation.required'
      continue
    }
    if (value.length > q.maxLength) errors[q.key] = 'validation.tooLong'
    else if (q.type === 'select' && !q.options?.some((o) => o.value === value)) errors[q.key] = 'validation.choice'
    else if (q.type === 'licence' && !LICENCE.test(value)) errors[q.key] = 'validation.licence'
    else answers[q.key] = value
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers }
}
