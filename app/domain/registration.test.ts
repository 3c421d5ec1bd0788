import { describe, expect, test } from 'vitest'
import { canCancel, holdsSeat, initialStatus, isFree, priceFor, refundAmount, salesState, statusAfterApproval, validateAnswers, type RegistrationQuestion, type TicketRules } from './registration.ts'

const d = (iso: string) => new Date(iso)
const ticket: TicketRules = {
  priceMember: 30000,
  priceNonMember: 50000,
  priceStudent: 10000,
  earlyBirdUntil: d('2026-07-01T00:00:00+08:00'),
  earlyBirdPriceMember: 20000,
  earlyBirdPriceNonMember: 40000,
  earlyBirdPriceStudent: null,
  quota: 100,
  requiresApproval: false,
  salesStartAt: d('2026-06-01T00:00:00+08:00'),
  salesEndAt: d('2026-08-10T00:00:00+08:00'),
  refundUntil: d('2026-08-01T00:00:00+08:00'),
  refundPercent: 80,
}

describe('priceFor', () => {
  test.each([
    ['member, early bird', 'MEMBER', '2026-06-15T00:00:00+08:00', 20000, true],
    ['non-member, early bird', 'NON_MEMBER', '2026-06-30T23:59:59+08:00', 40000, true],
    ['member, at the early-bird deadline', 'MEMBER', '2026-07-01T00:00:00+08:00', 30000, false],
    ['student has no early-bird price', 'STUDENT', '2026-06-15T00:00:00+08:00', 10000, false],
    ['non-member, regular', 'NON_MEMBER', '2026-07-15T00:00:00+08:00', 50000, false],
  ] as const)('%s', (_n, tier, now, amount, earlyBird) => {
    expect(priceFor(ticket, tier, d(now))).toEqual({ amount, earlyBird })
  })
})

test('isFree only when every price is zero', () => {
  const free = { ...ticket, priceMember: 0, priceNonMember: 0, priceStudent: 0, earlyBirdPriceMember: null, earlyBirdPriceNonMember: null }
  expect(isFree(free)).toBe(true)
  expect(isFree(ticket)).toBe(false)
  expect(isFree({ ...free, earlyBirdPriceStudent: 100 })).toBe(false)
})

describe('salesState', () => {
  test.each([
    ['2026-05-31T23:59:59+08:00', 'not_started'],
    ['2026-06-01T00:00:00+08:00', 'open'],
    ['2026-08-09T23:59:59+08:00', 'open'],
    ['2026-08-10T00:00:00+08:00', 'ended'],
  ] as const)('at %s sales are %s', (now, state) => {
    expect(salesState(ticket, d(now))).toBe(state)
  })
  test('no window means always open', () => {
    expect(salesState({ salesStartAt: null, salesEndAt: null }, d('2030-01-01T00:00:00Z'))).toBe('open')
  })
})

describe('initialStatus', () => {
  test.each([
    [{ seatAvailable: false, requiresApproval: false, amount: 0 }, 'WAITLISTED'],
    [{ seatAvailable: false, requiresApproval: true, amount: 100 }, 'WAITLISTED'],
    [{ seatAvailable: true, requiresApproval: true, amount: 0 }, 'PENDING_APPROVAL'],
    [{ seatAvailable: true, requiresApproval: true, amount: 100 }, 'PENDING_APPROVAL'],
    [{ seatAvailable: true, requiresApproval: false, amount: 100 }, 'PENDING_PAYMENT'],
    [{ seatAvailable: true, requiresApproval: false, amount: 0 }, 'CONFIRMED'],
  ] as const)('%o → %s', (input, status) => {
    expect(initialStatus(input)).toBe(status)
  })
  test('after approval, pay or confirm', () => {
    expect(statusAfterApproval(100)).toBe('PENDING_PAYMENT')
    expect(statusAfterApproval(0)).toBe('CONFIRMED')
  })
})

test.each([
  ['CONFIRMED', true, true],
  ['PENDING_PAYMENT', true, true],
  ['PENDING_APPROVAL', true, true],
  ['WAITLISTED', false, true],
  ['CANCELLED', false, false],
  ['REJECTED', false, false],
] as const)('%s holds a seat: %s; can be cancelled: %s', (status, seat, cancellable) => {
  expect(holdsSeat(status)).toBe(seat)
  expect(canCancel(status)).toBe(cancellable)
})

describe('refundAmount', () => {
  const starts = d('2026-08-10T09:00:00+08:00')
  test.each([
    ['80% before the deadline', ticket, 50000, '2026-07-20T00:00:00+08:00', 40000],
    ['nothing at the deadline', ticket, 50000, '2026-08-01T00:00:00+08:00', 0],
    ['rounds down to the cent', ticket, 333, '2026-07-20T00:00:00+08:00', 266],
    ['nothing paid, nothing refunded', ticket, 0, '2026-07-20T00:00:00+08:00', 0],
    ['no deadline: until the event starts', { ...ticket, refundUntil: null, refundPercent: 100 }, 50000, '2026-08-10T08:59:00+08:00', 50000],
    ['no deadline: not after the start', { ...ticket, refundUntil: null, refundPercent: 100 }, 50000, '2026-08-10T09:00:00+08:00', 0],
    ['percent is clamped', { ...ticket, refundPercent: 150 }, 1000, '2026-07-01T00:00:00+08:00', 1000],
  ] as const)('%s', (_n, rules, paid, now, expected) => {
    expect(refundAmount(rules, paid, d(now), starts)).toBe(expected)
  })
})

describe('validateAnswers', () => {
  const questions: RegistrationQuestion[] = [
    { key: 'institution', labelZh: '工作单位', labelEn: 'Institution', type: 'text', required: true, maxLength: 50 },
    { key: 'licence', labelZh: '执业证书编号', labelEn: 'Licence number', type: 'licence', required: false, maxLength: 30 },
    {
      key: 'title',
      labelZh: '职称',
      labelEn: 'Title',
      type: 'select',
      required: true,
      maxLength: 200,
      options: [
        { value: 'attending', labelZh: '主治医师', labelEn: 'Attending' },
        { value: 'chief', labelZh: '主任医师', labelEn: 'Chief' },
      ],
    },
  ]
  test('accepts good answers, trims them and drops unknown keys', () => {
    expect(validateAnswers(questions, { institution: ' 瑞金医院 ', title: 'chief', licence: '110-3100-12345', sneaky: 'x' })).toEqual({
      ok: true,
      answers: { institution: '瑞金医院', title: 'chief', licence: '110-3100-12345' },
    })
  })
  test.each([
    ['a missing required answer', { title: 'chief' }, { institution: 'validation.required' }],
    ['an answer that is too long', { institution: 'x'.repeat(51), title: 'chief' }, { institution: 'validation.tooLong' }],
    ['a choice that is not offered', { institution: 'A', title: 'professor' }, { title: 'validation.choice' }],
    ['a malformed licence number', { institution: 'A', title: 'chief', licence: '12 34' }, { licence: 'validation.licence' }],
    ['a non-string answer', { institution: 42, title: 'chief' }, { institution: 'validation.required' }],
  ])('rejects %s', (_n, raw, errors) => {
    expect(validateAnswers(questions, raw)).toEqual({ ok: false, errors })
  })
})
