import { priceFor, type RegistrationStatus, type Tier, type TicketRules } from './registration.ts'
import { escapeHtml, singleLine, type RenderedEmail, type Translate } from './email.ts'

/**
 * Eligible tiers (issue 15 §2): a member or student price needs evidence. A member number is
 * checked against the member list staff uploaded for the event; a student card is an upload
 * that staff approve. Until the evidence is accepted the registration waits (PENDING_APPROVAL,
 * holding its seat), and staff may convert it to the full price instead.
 * Pure: no database, no clock (docs/decisions/020-eligible-tiers-and-refunds.md).
 */

/** The evidence state of a registration's tier, stored as `Registration.tierEvidence`. */
export type TierEvidence = 'NOT_REQUIRED' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'CONVERTED'
export type EvidenceKind = 'none' | 'member_number' | 'student_card'

/**
 * Which evidence a tier needs: only a tier that is cheaper than the full (non-member) price at
 * that moment does; a member price equal to the full price, or a free ticket, needs none.
 */
export function evidenceNeeded(ticket: TicketRules, tier: Tier, now: Date): EvidenceKind {
  if (tier === 'NON_MEMBER') return 'none'
  if (priceFor(ticket, tier, now).amount >= priceFor(ticket, 'NON_MEMBER', now).amount) return 'none'
  return tier === 'MEMBER' ? 'member_number' : 'student_card'
}

// ── Member numbers and names ────────────────────────────────────────────────

/**
 * Member numbers as members type them: full-width forms folded (NFKC), case, spaces, dashes
 * and dots ignored. "ＣＭＡ-2024 0012" and "cma20240012" are the same number.
 */
export function normalizeMemberNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·/]/g, '')
}

/** 2–32 letters and digits once normalised. */
export function isMemberNumber(normalized: string): boolean {
  return /^[A-Z0-9]{2,32}$/.test(normalized)
}

function nameTokens(raw: string): string[] {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[·•.,，、'’()（）-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
}

/**
 * Whether the list's name plausibly is the attendee's real name: equal once width, case,
 * spaces and middle dots are ignored ("张 伟" = "张伟"), or, for Latin names, the same words in
 * any order ("Wei Zhang" = "ZHANG Wei"). Anything else goes to staff, never refused outright.
 */
export function namesMatch(listed: string, realName: string): boolean {
  const a = nameTokens(listed)
  const b = nameTokens(realName)
  if (a.length === 0 || b.length === 0) return false
  if (a.join('') === b.join('')) return true
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ')
}

export type MemberCheck = { kind: 'approved' } | { kind: 'review'; reason: 'no_list' | 'name_differs' | 'number_in_use' } | { kind: 'refused'; reason: 'missing_number' | 'bad_number' | 'not_on_list' }

/**
 * The member-number rule: a number on the event's list whose name matches, and that no other
 * active registration of the event uses, approves the member price at once. A number not on
 * an uploaded list is refused (the attendee corrects it or picks another tier). A number on
 * the list under another name, or already used by someone else, waits for staff; so does
 * every member number while staff have not uploaded a list yet.
 */
export function checkMemberNumber(input: { memberNumber: string | null; listSize: number; listedName: string | null; realName: string; usedByAnother: boolean }): MemberCheck {
  const number = normalizeMemberNumber(input.memberNumber ?? '')
  if (!number) return { kind: 'refused', reason: 'missing_number' }
  if (!isMemberNumber(number)) return { kind: 'refused', reason: 'bad_number' }
  if (input.listSize === 0) return { kind: 'review', reason: 'no_list' }
  if (input.listedName === null) return { kind: 'refused', reason: 'not_on_list' }
  if (input.usedByAnother) return { kind: 'review', reason: 'number_in_use' }
  if (!namesMatch(input.listedName, input.realName)) return { kind: 'review', reason: 'name_differs' }
  return { kind: 'approved' }
}

export type MemberRecheck = { kind: 'approve' } | { kind: 'wait'; reason: 'no_list' | 'name_differs' | 'number_in_use' | 'not_on_list' }

/**
 * A member number that waits for staff, checked again when staff upload or replace the list:
 * the registration rule (checkMemberNumber) against the new list. A listed number under the
 * attendee's name, used by no other active registration, is approved as it would have been
 * at registration. Anything else keeps waiting, with the reason as the new list gives it; a
 * number the new list lacks is not refused as at registration (the registration exists and
 * its holder is not there to correct it): it waits as `not_on_list` for staff to convert or
 * reject. Numbers already approved are never rechecked (decisions taken stand).
 */
export function recheckMemberNumber(input: Parameters<typeof checkMemberNumber>[0]): MemberRecheck {
  const check = checkMemberNumber(input)
  if (check.kind === 'approved') return { kind: 'approve' }
  if (check.kind === 'review') return { kind: 'wait', reason: check.reason }
  return { kind: 'wait', reason: 'not_on_list' }
}

// ── The member list file ────────────────────────────────────────────────────

export const MEMBER_LIST_LIMITS = {
  /** The uploaded CSV or XLSX. */
  bytes: 2 * 1024 * 1024,
  /** Members on one list. */
  rows: 50_000,
  /** Bad lines shown in the preview (the count is always exact). */
  shownBadLines: 200,
} as const

export type MemberRow = { number: string; name: string }
export type BadMemberLine = { line: number; reason: 'missing_number' | 'bad_number' | 'missing_name' | 'name_too_long' | 'duplicate' }
export type MemberListPreview = { members: MemberRow[]; bad: BadMemberLine[]; badCount: number }

const NUMBER_HEADERS = ['会员号', '会员编号', '会员证号', '会员卡号', '编号', 'membernumber', 'memberno', 'number', 'no', 'id', 'memberid']
const NAME_HEADERS = ['姓名', '名字', '会员姓名', 'name', 'membername', 'fullname']

const headerKey = (cell: string) =>
  cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_.\-#]/g, '')

/**
 * Reads a member list: a header row naming the number and name columns (会员号/姓名, member
 * number/name, in any order) or, without one, the number in the first column and the name in
 * the second. Empty rows are skipped; every other row is a member or a bad line with its
 * 1-based line number and reason; a number repeated in the file keeps its first line.
 */
export function parseMemberList(rows: string[][]): MemberListPreview {
  let numberCol = 0
  let nameCol = 1
  let start = 0
  const first = (rows[0] ?? []).map(headerKey)
  const n = first.findIndex((c) => NUMBER_HEADERS.includes(c))
  const m = first.findIndex((c) => NAME_HEADERS.includes(c))
  if (n >= 0 && m >= 0) {
    numberCol = n
    nameCol = m
    start = 1
  }
  const members: MemberRow[] = []
  const bad: BadMemberLine[] = []
  const seen = new Set<string>()
  for (let i = start; i < rows.length; i++) {
    const row = rows[i]!
    if (row.every((c) => c.trim() === '')) continue
    const line = i + 1
    const number = normalizeMemberNumber(row[numberCol] ?? '')
    const name = (row[nameCol] ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ')
    if (!number) bad.push({ line, reason: 'missing_number' })
    else if (!isMemberNumber(number)) bad.push({ line, reason: 'bad_number' })
    else if (!name) bad.push({ line, reason: 'missing_name' })
    else if (name.length > 100) bad.push({ line, reason: 'name_too_long' })
    else if (seen.has(number)) bad.push({ line, reason: 'duplicate' })
    else {
      seen.add(number)
      members.push({ number, name })
    }
  }
  return { members, bad: bad.slice(0, MEMBER_LIST_LIMITS.shownBadLines), badCount: bad.length }
}

// ── The student card upload ────────────────────────────────────────────────

export const STUDENT_CARD_LIMITS = { bytes: 2 * 1024 * 1024 } as const
export type StudentCardType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf'

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b)
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/**
 * The type of a student card upload, told by its content, never by its name or the browser's
 * claim: JPEG, PNG, WebP or PDF (a PDF must also end with %%EOF, as a fapiao's must).
 */
export function sniffStudentCard(bytes: Uint8Array): { ok: true; type: StudentCardType } | { ok: false; reason: 'empty' | 'too_large' | 'bad_type' } {
  if (bytes.length === 0) return { ok: false, reason: 'empty' }
  if (bytes.length > STUDENT_CARD_LIMITS.bytes) return { ok: false, reason: 'too_large' }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: 'image/jpeg' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: 'image/png' }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { ok: true, type: 'image/webp' }
  if (startsWith(bytes, ascii('%PDF-'))) {
    const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)))
    if (tail.includes('%%EOF')) return { ok: true, type: 'application/pdf' }
  }
  return { ok: false, reason: 'bad_type' }
}

// ── Statuses ─────────────────────────────────────────────────────────────────

/**
 * The status of a new (or promoted) registration: no seat → wait-list; evidence still to be
 * checked or a ticket that needs approval → PENDING_APPROVAL (the seat is held, nothing can be
 * paid at the reduced price); otherwise payment when something is owed, else confirmed.
 */
export function statusWithEvidence(input: { seatAvailable: boolean; requiresApproval: boolean; amount: number; evidence: TierEvidence }): RegistrationStatus {
  if (!input.seatAvailable) return 'WAITLISTED'
  if (input.evidence === 'PENDING' || input.requiresApproval) return 'PENDING_APPROVAL'
  return input.amount > 0 ? 'PENDING_PAYMENT' : 'CONFIRMED'
}

export type EvidenceDecision = 'approve' | 'reject' | 'convert'

export type EvidenceOutcome =
  { kind: 'unchanged' } | { kind: 'refused'; reason: 'not_pending' | 'not_waiting' } | { kind: 'apply'; evidence: TierEvidence; status: RegistrationStatus; releasesSeat: boolean; tier: Tier | null }

/**
 * A staff decision on pending evidence. Approve keeps the reduced price; convert moves to the
 * full (non-member) price; both then go on like any registration (ticket approval if the
 * ticket needs it, then payment, or confirmation when nothing is owed); a wait-listed one stays
 * on the list. Reject ends the registration and frees its seat. Repeating the decision already
 * taken changes nothing; a different decision after one was taken is refused.
 */
export function decideEvidence(
  current: { evidence: TierEvidence; status: RegistrationStatus; requiresApproval: boolean },
  decision: EvidenceDecision,
  amounts: { reduced: number; full: number },
): EvidenceOutcome {
  const done: Record<EvidenceDecision, TierEvidence> = { approve: 'APPROVED', reject: 'REJECTED', convert: 'CONVERTED' }
  if (current.evidence === done[decision]) return { kind: 'unchanged' }
  if (current.evidence !== 'PENDING') return { kind: 'refused', reason: 'not_pending' }
  if (current.status !== 'PENDING_APPROVAL' && current.status !== 'WAITLISTED') return { kind: 'refused', reason: 'not_waiting' }
  if (decision === 'reject') return { kind: 'apply', evidence: 'REJECTED', status: 'REJECTED', releasesSeat: current.status === 'PENDING_APPROVAL', tier: null }
  const amount = decision === 'approve' ? amounts.reduced : amounts.full
  const status = current.status === 'WAITLISTED' ? 'WAITLISTED' : statusWithEvidence({ seatAvailable: true, requiresApproval: current.requiresApproval, amount, evidence: done[decision] })
  return { kind: 'apply', evidence: done[decision], status, releasesSeat: false, tier: decision === 'convert' ? 'NON_MEMBER' : null }
}

// ── Refunds by transfer ─────────────────────────────────────────────────────

/**
 * Whether staff may record a refund by bank transfer: the registration was paid by a transfer
 * that was received, it has not been refunded yet, and the amount is between 1 fen and what
 * it paid.
 */
export function transferRefundProblem(input: { transferStatus: string | null; paid: number; amount: number; alreadyRefunded: boolean }): null | 'not_paid_by_transfer' | 'already_refunded' | 'amount' {
  if (input.alreadyRefunded) return 'already_refunded'
  if (input.transferStatus !== 'RECEIVED') return 'not_paid_by_transfer'
  if (!Number.isInteger(input.amount) || input.amount <= 0 || input.amount > input.paid) return 'amount'
  return null
}

// ── The approval email ──────────────────────────────────────────────────────

export type TierApprovedInput = { realName: string; eventTitle: string; tier: 'MEMBER' | 'STUDENT'; status: RegistrationStatus; ticketUrl: string }

/**
 * "Your member/student price was accepted", with what comes next for the registration as it
 * now stands: pay the reduced price (card or transfer, chosen on the ticket page), wait for the
 * ticket's own approval, or wait for a seat. A registration confirmed at once gets the
 * confirmation mail instead, so there is no mail for CONFIRMED here.
 */
export function renderTierApprovedEmail(t: Translate, input: TierApprovedInput): RenderedEmail | null {
  const next = input.status === 'PENDING_PAYMENT' ? 'pay' : input.status === 'PENDING_APPROVAL' ? 'approval' : input.status === 'WAITLISTED' ? 'waitlisted' : null
  if (!next) return null
  const values = { name: input.realName, event: input.eventTitle, tier: t(`eligibility.tierNames.${input.tier}`) }
  const greeting = t('email.confirmed.greeting', values)
  const body = t(`eligibility.email.approved.${next}`, values)
  const signature = t('email.signature', values)
  return {
    subject: singleLine(t('eligibility.email.approved.subject', values)),
    text: [greeting, body, input.ticketUrl, signature].join('\n\n') + '\n',
    html: [greeting, body].map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + `\n<p><a href="${escapeHtml(input.ticketUrl)}">${escapeHtml(input.ticketUrl)}</a></p>\n<p>${escapeHtml(signature)}</p>`,
  }
}

// ── The rejection email ─────────────────────────────────────────────────────

export type TierRejectedInput = { realName: string; eventTitle: string; tier: 'MEMBER' | 'STUDENT' | 'NON_MEMBER'; registerUrl: string }

/** "Your member/student price was not accepted": the registration is cancelled; register again at the full price. */
export function renderTierRejectedEmail(t: Translate, input: TierRejectedInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, tier: t(`eligibility.tierNames.${input.tier}`) }
  const greeting = t('email.confirmed.greeting', values)
  const body = t('eligibility.email.rejected.body', values)
  const signature = t('email.signature', values)
  return {
    subject: singleLine(t('eligibility.email.rejected.subject', values)),
    text: [greeting, body, input.registerUrl, signature].join('\n\n') + '\n',
    html:
      [greeting, body].map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + `\n<p><a href="${escapeHtml(input.registerUrl)}">${escapeHtml(input.registerUrl)}</a></p>\n<p>${escapeHtml(signature)}</p>`,
  }
}
