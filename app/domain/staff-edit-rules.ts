/**
 * Rules staff edits must keep, whatever form they come from: an agenda item inside its
 * forum's hours, early-bird prices no higher than the normal ones, a quota no lower than
 * the seats already taken. Pure: each returns the fields that break a rule, keyed by form
 * field, with the translation key of the message (`validation.*`); empty when all is well.
 */
export type FieldProblems = Record<string, string>

type Range = { startsAt: Date; endsAt: Date }

/** An agenda item must start and end within its forum's scheduled hours (inclusive). */
export function sessionOutsideForum(session: Range, forum: Range): FieldProblems {
  const problems: FieldProblems = {}
  if (session.startsAt < forum.startsAt || session.startsAt >= forum.endsAt) problems.startsAt = 'validation.sessionOutsideForum'
  if (session.endsAt > forum.endsAt || session.endsAt <= forum.startsAt) problems.endsAt = 'validation.sessionOutsideForum'
  return problems
}

export type TicketPrices = {
  priceMember: number
  priceNonMember: number
  priceStudent: number
  earlyBirdPriceMember: number | null
  earlyBirdPriceNonMember: number | null
  earlyBirdPriceStudent: number | null
}

const TIERS = [
  ['priceMember', 'earlyBirdPriceMember'],
  ['priceNonMember', 'earlyBirdPriceNonMember'],
  ['priceStudent', 'earlyBirdPriceStudent'],
] as const

/**
 * Early-bird prices need a date and may not exceed the tier's normal price (an "early
 * bird" dearer than the door price is a typing error, never a policy).
 */
export function ticketPriceProblems(prices: TicketPrices, earlyBirdUntil: Date | null): FieldProblems {
  const problems: FieldProblems = {}
  const anyEarly = TIERS.some(([, early]) => prices[early] !== null)
  if (earlyBirdUntil && !anyEarly) problems.earlyBirdPriceNonMember = 'validation.earlyBirdPrice'
  if (!earlyBirdUntil && anyEarly) problems.earlyBirdUntil = 'validation.earlyBirdDate'
  for (const [normal, early] of TIERS) {
    const price = prices[early]
    if (price !== null && price > prices[normal]) problems[early] = 'validation.earlyBirdAboveNormal'
  }
  return problems
}

/** A quota below the seats already held would strand registered people. */
export function quotaProblem(quota: number | null, seatsTaken: number): FieldProblems {
  return quota !== null && quota < seatsTaken ? { quota: 'validation.quotaBelowTaken' } : {}
}

/** Sales may not end before they start. */
export function salesWindowProblem(salesStartAt: Date | null, salesEndAt: Date | null): FieldProblems {
  return salesStartAt && salesEndAt && salesEndAt <= salesStartAt ? { salesEndAt: 'validation.endBeforeStart' } : {}
}
