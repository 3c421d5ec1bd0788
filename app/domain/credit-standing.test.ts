import { expect, test } from 'vitest'
import { creditStanding, type CreditStanding, type CurrentCertificate, type StandingInput } from './credit-standing.ts'

const valid: CurrentCertificate = { id: 'c1', status: 'VALID', issuedAt: '2027-03-02T01:00:00.000Z', revokedAt: null, revokedReason: null }
const revoked: CurrentCertificate = { ...valid, status: 'REVOKED', revokedAt: '2027-03-05T02:00:00.000Z', revokedReason: '签到记录有误' }
const base: StandingInput = { ruleActive: true, autoIssue: true, final: true, eligible: true, credits: 2, certificate: null }

test.each<[string, Partial<StandingInput>, CreditStanding]>([
  ['a valid certificate is issued', { certificate: valid }, { kind: 'issued', certificateId: 'c1', issuedAt: valid.issuedAt, ruleInactive: false }],
  [
    'a valid certificate under a rule switched off stays issued, and says so',
    { certificate: valid, ruleActive: false },
    { kind: 'issued', certificateId: 'c1', issuedAt: valid.issuedAt, ruleInactive: true },
  ],
  [
    'a revoked certificate reads as revoked, with date and reason, never issued',
    { certificate: revoked },
    { kind: 'revoked', certificateId: 'c1', revokedAt: revoked.revokedAt, reason: '签到记录有误' },
  ],
  [
    'a revoked certificate under an inactive rule is still revoked',
    { certificate: revoked, ruleActive: false },
    { kind: 'revoked', certificateId: 'c1', revokedAt: revoked.revokedAt, reason: '签到记录有误' },
  ],
  ['no certificate under a switched-off rule: nothing will be issued', { ruleActive: false }, { kind: 'ruleInactive' }],
  ['met, final and automatic: being issued', {}, { kind: 'issuing' }],
  ['met and final but issued by staff', { autoIssue: false }, { kind: 'awaitingStaff' }],
  ['sessions not over yet', { final: false }, { kind: 'notFinal' }],
  ['final and not met', { eligible: false, credits: 0 }, { kind: 'notEarned' }],
  ['met but worth 0 credits: nothing to issue, so not "being issued"', { credits: 0 }, { kind: 'notEarned' }],
])('%s', (_name, overrides, expected) => {
  expect(creditStanding({ ...base, ...overrides })).toEqual(expected)
})
