import { describe, expect, test } from 'vitest'
import type { TicketRules } from './registration.ts'
import {
  checkMemberNumber,
  decideEvidence,
  evidenceNeeded,
  namesMatch,
  normalizeMemberNumber,
  parseMemberList,
  recheckMemberNumber,
  renderTierApprovedEmail,
  sniffStudentCard,
  statusWithEvidence,
  transferRefundProblem,
  STUDENT_CARD_LIMITS,
} from './tier-eligibility.ts'

const ticket: TicketRules = {
  priceMember: 80000,
  priceNonMember: 120000,
  priceStudent: 30000,
  earlyBirdUntil: new Date('2026-11-01T00:00:00Z'),
  earlyBirdPriceMember: 60000,
  earlyBirdPriceNonMember: 60000,
  earlyBirdPriceStudent: 20000,
  quota: null,
  requiresApproval: false,
  salesStartAt: null,
  salesEndAt: null,
  refundUntil: null,
  refundPercent: 100,
}
const EARLY = new Date('2026-10-01T00:00:00Z')
const LATE = new Date('2026-11-15T00:00:00Z')
const free: TicketRules = { ...ticket, priceMember: 0, priceNonMember: 0, priceStudent: 0, earlyBirdPriceMember: null, earlyBirdPriceNonMember: null, earlyBirdPriceStudent: null }

describe('evidenceNeeded', () => {
  test.each([
    ['non-member never needs evidence', ticket, 'NON_MEMBER', LATE, 'none'],
    ['member cheaper than full needs a number', ticket, 'MEMBER', LATE, 'member_number'],
    ['student cheaper than full needs a card', ticket, 'STUDENT', LATE, 'student_card'],
    ['member early-bird equal to the full early-bird needs nothing', ticket, 'MEMBER', EARLY, 'none'],
    ['student early-bird still cheaper needs a card', ticket, 'STUDENT', EARLY, 'student_card'],
    ['a free ticket needs nothing', free, 'STUDENT', LATE, 'none'],
  ] as const)('%s', (_name, rules, tier, now, expected) => {
    expect(evidenceNeeded(rules, tier, now)).toBe(expected)
  })
})

describe('member numbers and names', () => {
  test.each([
    ['ＣＭＡ-2024 0012', 'CMA20240012'],
    ['cma.2024.0012', 'CMA20240012'],
    ['  A1 ', 'A1'],
  ])('%s normalises to %s', (raw, expected) => expect(normalizeMemberNumber(raw)).toBe(expected))

  test.each([
    ['张伟', '张伟', true],
    ['张 伟', '张伟', true],
    ['Wei Zhang', 'ZHANG Wei', true],
    ['Ｗｅｉ　Ｚｈａｎｇ', 'wei zhang', true],
    ['欧阳·娜娜', '欧阳娜娜', true],
    ['张伟', '张卫', false],
    ['Wei Zhang', 'Wei Zhang Jr', false],
    ['', '张伟', false],
  ])('%s ~ %s is %s', (a, b, expected) => expect(namesMatch(a, b)).toBe(expected))
})

describe('checkMemberNumber', () => {
  const base = { memberNumber: 'CMA001', listSize: 10, listedName: '张伟', realName: '张伟', usedByAnother: false }
  test.each([
    ['a listed number under the same name approves at once', {}, { kind: 'approved' }],
    ['no number is refused', { memberNumber: '' }, { kind: 'refused', reason: 'missing_number' }],
    ['a number with symbols only is refused', { memberNumber: '!!' }, { kind: 'refused', reason: 'bad_number' }],
    ['a number not on the list is refused', { listedName: null }, { kind: 'refused', reason: 'not_on_list' }],
    ['no list uploaded yet waits for staff', { listSize: 0, listedName: null }, { kind: 'review', reason: 'no_list' }],
    ['another name waits for staff', { listedName: '李娜' }, { kind: 'review', reason: 'name_differs' }],
    ['a number used by another registration waits for staff', { usedByAnother: true }, { kind: 'review', reason: 'number_in_use' }],
  ] as const)('%s', (_name, patch, expected) => {
    expect(checkMemberNumber({ ...base, ...patch })).toEqual(expected)
  })
})

describe('recheckMemberNumber (a new member list for numbers waiting for staff)', () => {
  const base = { memberNumber: 'CMA001', listSize: 10, listedName: '张伟', realName: '张伟', usedByAnother: false }
  test.each([
    ['waiting for a list, now listed under the same name: approved', {}, { kind: 'approve' }],
    ['listed under the same name in another order and case: approved', { listedName: 'ZHANG Wei', realName: 'Wei Zhang' }, { kind: 'approve' }],
    ['still no list: keeps waiting', { listSize: 0, listedName: null }, { kind: 'wait', reason: 'no_list' }],
    ['listed under another name: keeps waiting', { listedName: '李娜' }, { kind: 'wait', reason: 'name_differs' }],
    ['used by another registration: keeps waiting', { usedByAnother: true }, { kind: 'wait', reason: 'number_in_use' }],
    ['not on the new list: waits for staff, never refused', { listedName: null }, { kind: 'wait', reason: 'not_on_list' }],
  ] as const)('%s', (_name, patch, expected) => {
    expect(recheckMemberNumber({ ...base, ...patch })).toEqual(expected)
  })
})

describe('renderTierApprovedEmail', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? ` ${JSON.stringify(values)}` : ''}`
  const input = { realName: '张伟', eventTitle: '心血管年会', tier: 'MEMBER' as const, ticketUrl: 'https://cme.example.cn/tickets/r1' }
  test.each([
    ['PENDING_PAYMENT', 'eligibility.email.approved.pay'],
    ['PENDING_APPROVAL', 'eligibility.email.approved.approval'],
    ['WAITLISTED', 'eligibility.email.approved.waitlisted'],
  ] as const)('%s says what comes next (%s) and links the ticket', (status, key) => {
    const mail = renderTierApprovedEmail(t, { ...input, status })!
    expect(mail.text).toContain(key)
    expect(mail.text).toContain(input.ticketUrl)
    expect(mail.html).toContain(`href="${input.ticketUrl}"`)
    expect(mail.subject).toContain('eligibility.email.approved.subject')
  })

  test.each(['CONFIRMED', 'CANCELLED', 'REJECTED'] as const)('%s gets no approval mail', (status) => {
    expect(renderTierApprovedEmail(t, { ...input, status })).toBeNull()
  })
})

describe('parseMemberList', () => {
  test('finds the columns by their header, in any order, and reports bad lines by line number', () => {
    const preview = parseMemberList([
      ['姓名', '会员号'],
      ['张伟', 'CMA-001'],
      ['', ''],
      ['李娜', ''],
      ['王芳', '!!'],
      ['', 'CMA002'],
      ['赵强', 'cma001'],
      ['陈静', 'CMA003'],
    ])
    expect(preview.members).toEqual([
      { number: 'CMA001', name: '张伟' },
      { number: 'CMA003', name: '陈静' },
    ])
    expect(preview.bad).toEqual([
      { line: 4, reason: 'missing_number' },
      { line: 5, reason: 'bad_number' },
      { line: 6, reason: 'missing_name' },
      { line: 7, reason: 'duplicate' },
    ])
    expect(preview.badCount).toBe(4)
  })

  test('without a header, the number is the first column and the name the second', () => {
    expect(parseMemberList([['A100', 'Wei Zhang']]).members).toEqual([{ number: 'A100', name: 'Wei Zhang' }])
    expect(
      parseMemberList([
        ['Member number', 'Name'],
        ['A100', 'Wei  Zhang'],
      ]).members,
    ).toEqual([{ number: 'A100', name: 'Wei Zhang' }])
  })
})

describe('sniffStudentCard', () => {
  const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))
  test.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), { ok: true, type: 'image/jpeg' }],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), { ok: true, type: 'image/png' }],
    ['WebP', bytes('RIFF', [1, 0, 0, 0], 'WEBPVP8 '), { ok: true, type: 'image/webp' }],
    ['PDF', bytes('%PDF-1.7\n1 0 obj\n%%EOF\n'), { ok: true, type: 'application/pdf' }],
    ['a truncated PDF', bytes('%PDF-1.7\n1 0 obj\n'), { ok: false, reason: 'bad_type' }],
    ['a GIF', bytes('GIF89a'), { ok: false, reason: 'bad_type' }],
    ['HTML named .jpg', bytes('<html><script>'), { ok: false, reason: 'bad_type' }],
    ['RIFF that is not WebP', bytes('RIFF', [1, 0, 0, 0], 'WAVEfmt '), { ok: false, reason: 'bad_type' }],
    ['nothing', bytes(), { ok: false, reason: 'empty' }],
  ] as const)('%s', (_name, input, expected) => expect(sniffStudentCard(input)).toEqual(expected))

  test('a card over the limit is refused before its type is read', () => {
    const big = new Uint8Array(STUDENT_CARD_LIMITS.bytes + 1)
    big.set([0xff, 0xd8, 0xff])
    expect(sniffStudentCard(big)).toEqual({ ok: false, reason: 'too_large' })
  })
})

describe('statusWithEvidence', () => {
  test.each([
    [{ seatAvailable: false, requiresApproval: false, amount: 100, evidence: 'PENDING' }, 'WAITLISTED'],
    [{ seatAvailable: true, requiresApproval: false, amount: 100, evidence: 'PENDING' }, 'PENDING_APPROVAL'],
    [{ seatAvailable: true, requiresApproval: false, amount: 0, evidence: 'PENDING' }, 'PENDING_APPROVAL'],
    [{ seatAvailable: true, requiresApproval: false, amount: 100, evidence: 'APPROVED' }, 'PENDING_PAYMENT'],
    [{ seatAvailable: true, requiresApproval: false, amount: 0, evidence: 'NOT_REQUIRED' }, 'CONFIRMED'],
    [{ seatAvailable: true, requiresApproval: true, amount: 0, evidence: 'APPROVED' }, 'PENDING_APPROVAL'],
  ] as const)('%o → %s', (input, expected) => expect(statusWithEvidence(input)).toBe(expected))
})

describe('decideEvidence', () => {
  const amounts = { reduced: 30000, full: 120000 }
  const waiting = { evidence: 'PENDING', status: 'PENDING_APPROVAL', requiresApproval: false } as const
  test.each([
    ['approve → pay the reduced price', waiting, 'approve', { kind: 'apply', evidence: 'APPROVED', status: 'PENDING_PAYMENT', releasesSeat: false, tier: null }],
    ['convert → pay the full price as a non-member', waiting, 'convert', { kind: 'apply', evidence: 'CONVERTED', status: 'PENDING_PAYMENT', releasesSeat: false, tier: 'NON_MEMBER' }],
    ['reject → rejected, seat freed', waiting, 'reject', { kind: 'apply', evidence: 'REJECTED', status: 'REJECTED', releasesSeat: true, tier: null }],
    [
      'approve on a ticket needing approval → still waits for the ticket decision',
      { ...waiting, requiresApproval: true },
      'approve',
      { kind: 'apply', evidence: 'APPROVED', status: 'PENDING_APPROVAL', releasesSeat: false, tier: null },
    ],
    ['approve while wait-listed → stays on the list', { ...waiting, status: 'WAITLISTED' }, 'approve', { kind: 'apply', evidence: 'APPROVED', status: 'WAITLISTED', releasesSeat: false, tier: null }],
    ['reject while wait-listed → no seat to free', { ...waiting, status: 'WAITLISTED' }, 'reject', { kind: 'apply', evidence: 'REJECTED', status: 'REJECTED', releasesSeat: false, tier: null }],
    ['approve twice → unchanged', { ...waiting, evidence: 'APPROVED', status: 'PENDING_PAYMENT' }, 'approve', { kind: 'unchanged' }],
    ['reject after approval → refused', { ...waiting, evidence: 'APPROVED', status: 'PENDING_PAYMENT' }, 'reject', { kind: 'refused', reason: 'not_pending' }],
    ['decide on a cancelled registration → refused', { ...waiting, status: 'CANCELLED' }, 'approve', { kind: 'refused', reason: 'not_waiting' }],
    ['nothing to decide → refused', { ...waiting, evidence: 'NOT_REQUIRED' }, 'approve', { kind: 'refused', reason: 'not_pending' }],
  ] as const)('%s', (_name, current, decision, expected) => expect(decideEvidence(current, decision, amounts)).toEqual(expected))

  test('a free ticket approved is confirmed at once', () => {
    expect(decideEvidence(waiting, 'approve', { reduced: 0, full: 0 })).toMatchObject({ status: 'CONFIRMED' })
  })
})

describe('transferRefundProblem', () => {
  test.each([
    [{ transferStatus: 'RECEIVED', paid: 120000, amount: 120000, alreadyRefunded: false }, null],
    [{ transferStatus: 'RECEIVED', paid: 120000, amount: 60000, alreadyRefunded: false }, null],
    [{ transferStatus: 'RECEIVED', paid: 120000, amount: 120001, alreadyRefunded: false }, 'amount'],
    [{ transferStatus: 'RECEIVED', paid: 120000, amount: 0, alreadyRefunded: false }, 'amount'],
    [{ transferStatus: 'AWAITING', paid: 120000, amount: 100, alreadyRefunded: false }, 'not_paid_by_transfer'],
    [{ transferStatus: null, paid: 120000, amount: 100, alreadyRefunded: false }, 'not_paid_by_transfer'],
    [{ transferStatus: 'RECEIVED', paid: 120000, amount: 100, alreadyRefunded: true }, 'already_refunded'],
  ] as const)('%o → %s', (input, expected) => expect(transferRefundProblem(input)).toBe(expected))
})
