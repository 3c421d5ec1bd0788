import { describe, expect, test } from 'vitest'
import { quotaProblem, salesWindowProblem, sessionOutsideForum, ticketPriceProblems, type TicketPrices } from './staff-edit-rules.ts'

const at = (hhmm: string) => new Date(`2026-08-10T${hhmm}:00+08:00`)
const forum = { startsAt: at('08:30'), endsAt: at('12:00') }

describe('sessionOutsideForum', () => {
  test.each([
    ['inside', '09:00', '10:00', {}],
    ['exactly the forum hours', '08:30', '12:00', {}],
    ['19:00 in an 08:30–12:00 forum', '19:00', '19:30', { startsAt: 'validation.sessionOutsideForum', endsAt: 'validation.sessionOutsideForum' }],
    ['starts before the forum', '08:00', '09:00', { startsAt: 'validation.sessionOutsideForum' }],
    ['overruns the forum', '11:30', '12:30', { endsAt: 'validation.sessionOutsideForum' }],
    ['ends where the forum starts', '07:30', '08:30', { startsAt: 'validation.sessionOutsideForum', endsAt: 'validation.sessionOutsideForum' }],
  ])('%s', (_name, from, to, expected) => {
    expect(sessionOutsideForum({ startsAt: at(from), endsAt: at(to) }, forum)).toEqual(expected)
  })
})

const prices = (over: Partial<TicketPrices> = {}): TicketPrices => ({
  priceMember: 80000,
  priceNonMember: 100000,
  priceStudent: 30000,
  earlyBirdPriceMember: null,
  earlyBirdPriceNonMember: null,
  earlyBirdPriceStudent: null,
  ...over,
})

describe('ticketPriceProblems', () => {
  test.each([
    ['no early bird', prices(), null, {}],
    ['early bird below normal', prices({ earlyBirdPriceNonMember: 80000, earlyBirdPriceStudent: 30000 }), at('00:00'), {}],
    ['early bird above normal', prices({ earlyBirdPriceNonMember: 120000 }), at('00:00'), { earlyBirdPriceNonMember: 'validation.earlyBirdAboveNormal' }],
    [
      'several tiers above normal',
      prices({ earlyBirdPriceMember: 90000, earlyBirdPriceStudent: 30001 }),
      at('00:00'),
      { earlyBirdPriceMember: 'validation.earlyBirdAboveNormal', earlyBirdPriceStudent: 'validation.earlyBirdAboveNormal' },
    ],
    ['a date without prices', prices(), at('00:00'), { earlyBirdPriceNonMember: 'validation.earlyBirdPrice' }],
    ['prices without a date', prices({ earlyBirdPriceMember: 70000 }), null, { earlyBirdUntil: 'validation.earlyBirdDate' }],
    ['a free early bird on a free ticket', prices({ priceStudent: 0, earlyBirdPriceStudent: 0 }), at('00:00'), {}],
  ])('%s', (_name, p, until, expected) => {
    expect(ticketPriceProblems(p, until)).toEqual(expected)
  })
})

describe('quotaProblem and salesWindowProblem', () => {
  test.each([
    [null, 500, {}],
    [500, 500, {}],
    [499, 500, { quota: 'validation.quotaBelowTaken' }],
    [0, 0, {}],
  ])('quota %s with %s seats taken', (quota, taken, expected) => {
    expect(quotaProblem(quota, taken)).toEqual(expected)
  })
  test.each([
    [null, null, {}],
    [at('09:00'), null, {}],
    [at('09:00'), at('10:00'), {}],
    [at('10:00'), at('10:00'), { salesEndAt: 'validation.endBeforeStart' }],
    [at('10:00'), at('09:00'), { salesEndAt: 'validation.endBeforeStart' }],
  ])('sales from %s to %s', (from, to, expected) => {
    expect(salesWindowProblem(from, to)).toEqual(expected)
  })
})
