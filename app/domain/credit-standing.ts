/**
 * Where one person stands under one credit rule, in the words the credit pages show (issue
 * 14: a revoked certificate still read "证书已签发"). Pure: the rule's state, the credit
 * result and the person's current certificate under the rule come in; one standing comes out.
 *
 * - `issued`: a valid current certificate. `ruleInactive` says the rule has since been
 *   switched off (the certificate stays valid; the rule issues nothing more).
 * - `revoked`: the current certificate is revoked, with its date and reason; staff re-issue it
 *   explicitly, nothing issues it again by itself.
 * - `ruleInactive`: no certificate, and the rule is switched off: nothing will be issued.
 * - `issuing`: criteria met with credit above 0, the rule's sessions are over and it issues
 *   automatically: the job queue is on it (the page polls until it is issued).
 * - `awaitingStaff`: the same, but the rule does not issue automatically; staff issue it.
 * - `notFinal`: the rule's sessions have not all ended; the credit may still change.
 * - `notEarned`: final, and the criteria are not met (the explanation says which).
 */
export type CurrentCertificate = { id: string; status: 'VALID' | 'REVOKED' | 'SUPERSEDED'; issuedAt: string; revokedAt: string | null; revokedReason: string | null }

export type CreditStanding =
  | { kind: 'issued'; certificateId: string; issuedAt: string; ruleInactive: boolean }
  | { kind: 'revoked'; certificateId: string; revokedAt: string | null; reason: string | null }
  | { kind: 'ruleInactive' }
  | { kind: 'issuing' }
  | { kind: 'awaitingStaff' }
  | { kind: 'notFinal' }
  | { kind: 'notEarned' }

export type StandingInput = {
  ruleActive: boolean
  autoIssue: boolean
  /** All the rule's sessions have ended. */
  final: boolean
  eligible: boolean
  credits: number
  certificate: CurrentCertificate | null
}

export function creditStanding(input: StandingInput): CreditStanding {
  const c = input.certificate
  if (c && c.status === 'REVOKED') return { kind: 'revoked', certificateId: c.id, revokedAt: c.revokedAt, reason: c.revokedReason }
  if (c && c.status === 'VALID') return { kind: 'issued', certificateId: c.id, issuedAt: c.issuedAt, ruleInactive: !input.ruleActive }
  if (!input.ruleActive) return { kind: 'ruleInactive' }
  if (!input.final) return { kind: 'notFinal' }
  if (!input.eligible || input.credits <= 0) return { kind: 'notEarned' }
  return input.autoIssue ? { kind: 'issuing' } : { kind: 'awaitingStaff' }
}
