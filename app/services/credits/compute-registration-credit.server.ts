import { explainCredit, explainCreditText } from '~/domain/credit-explanation.ts'
import { computeCredits, type CreditInput, type CreditResult, type CreditRule as DomainCreditRule } from '~/domain/credits.ts'
import type { CreditRule } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { deriveRegistrationAttendance } from '~/services/attendance/derive-forum-attendance.server.ts'
import { loadCreditedScope } from '~/services/attendance/load-credited-forums.server.ts'
import type { CreditedMinutes } from '~/domain/credited-time.ts'
import { getCreditEvidence, type CreditEvidence } from './get-credit-evidence.server.ts'

/** The stored rule as app/domain/credits.ts reads it. */
export function toDomainRule(rule: CreditRule): DomainCreditRule {
  return {
    scheme: rule.scheme,
    mode: rule.mode,
    credits: rule.credits,
    ...(rule.maxCredits !== null ? { maxCredits: rule.maxCredits } : {}),
    rounding: rule.rounding,
    sources: rule.sources,
    ...(rule.minAttendedMinutes !== null ? { minAttendedMinutes: rule.minAttendedMinutes } : {}),
    ...(rule.minAttendedRatio !== null ? { minAttendedRatio: rule.minAttendedRatio } : {}),
    ...(rule.requireExamPassed ? { requireExamPassed: true } : {}),
    ...(rule.requireEvaluation ? { requireEvaluation: true } : {}),
    ...(rule.minPresenceAnsweredRatio !== null ? { minPresenceAnsweredRatio: rule.minPresenceAnsweredRatio } : {}),
  }
}

type ScopeSession = { id: string; forumId: string; startsAt: Date; endsAt: Date; kind: string }
type Scope = Awaited<ReturnType<typeof loadCreditedScope>>

/**
 * - `registrationChecked`: the caller already made sure the registration belongs to the rule's event.
 * - `scopeCache`: a batch computes many people under one rule; their sessions and forums are read once.
 */
export type CreditComputeOptions = { registrationChecked?: boolean; scopeCache?: Map<string, Promise<Scope>> }

/** The rule's forums as they ran (credited windows), and its sessions when it is a session rule. */
function loadScope(db: Db, rule: CreditRule, now: Date, cache?: Map<string, Promise<Scope>>): Promise<Scope> {
  const cached = cache?.get(rule.id)
  if (cached) return cached
  const loading = loadCreditedScope(db, rule, now)
  cache?.set(rule.id, loading)
  return loading
}

/** The sessions a rule covers: the whole event, one forum, or one session. */
export async function sessionsInScope(db: Db, rule: Pick<CreditRule, 'eventId' | 'forumId' | 'sessionId'>): Promise<ScopeSession[]> {
  return db.session.findMany({
    where: rule.sessionId ? { id: rule.sessionId } : rule.forumId ? { forumId: rule.forumId } : { forum: { eventId: rule.eventId } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, forumId: true, startsAt: true, endsAt: true, kind: true },
  })
}

/**
 * Everything a credit decision rests on, kept with the certificate (its criteria snapshot)
 * so the credit can be recomputed from it: the input to `computeCredits`, the result, the
 * exam and survey evidence and the attendee's explanation.
 */
export type CreditSnapshot = {
  ruleId: string
  computedAt: string
  input: CreditInput
  result: CreditResult
  evidence: CreditEvidence | null
  explanation: string
  ledger: { events: number; lastEventId: string | null }
  /** The credited minutes per forum and session the result rests on (app/domain/credited-time.ts). */
  credited?: Pick<CreditedMinutes, 'sessions' | 'forums' | 'attended' | 'offered'>
}

/**
 * One registration's credit under one rule, derived fresh from the attendance ledger
 * (ADR 008: the ledger is the truth; AttendanceInterval is only a cache that may lag) by the
 * one credited derivation: the sessions computeCredits reads are their credited windows,
 * the forums as they really ran (app/domain/credited-time.ts).
 * Presence: prompts and acknowledgements in the ledger for the forums in scope.
 */
export async function computeRegistrationCredit(db: Db, ruleOrId: CreditRule | string, registrationId: string, now = new Date(), options: CreditComputeOptions = {}): Promise<CreditSnapshot> {
  const rule = typeof ruleOrId === 'string' ? await db.creditRule.findUnique({ where: { id: ruleOrId } }) : ruleOrId
  if (!rule) throw new AppError('not_found', 'No such credit rule')
  if (!options.registrationChecked) {
    const registration = await db.registration.findFirst({ where: { id: registrationId, eventId: rule.eventId }, select: { id: true } })
    if (!registration) throw new AppError('not_found', 'No such registration for this event')
  }

  const { forums, sessionIds } = await loadScope(db, rule, now, options.scopeCache)
  const derived = await deriveRegistrationAttendance(db, registrationId, forums, { sources: rule.sources, sessionIds })
  const { rows, intervals } = derived
  const prompted = new Set(rows.filter((r) => r.kind === 'PRESENCE_PROMPT').map((r) => r.promptId ?? String(r.id)))
  const answered = new Set(rows.filter((r) => r.kind === 'PRESENCE_ACK' && r.promptId && prompted.has(r.promptId)).map((r) => r.promptId!))

  const evidence = rule.requireExamPassed || rule.requireEvaluation ? await getCreditEvidence(db, rule, registrationId) : null
  const input: CreditInput = {
    rule: toDomainRule(rule),
    sessions: derived.creditSessions,
    intervals,
    ...(evidence ? { examPassed: evidence.examPassed, evaluationCompleted: evidence.evaluationCompleted } : {}),
    presence: { prompted: prompted.size, answered: answered.size },
  }
  const result = computeCredits(input)
  return {
    ruleId: rule.id,
    computedAt: now.toISOString(),
    input,
    result,
    evidence,
    explanation: explainCreditText(result),
    ledger: { events: rows.length, lastEventId: rows.length ? rows.reduce((m, r) => (r.id > m ? r.id : m), 0n).toString() : null },
    credited: { sessions: derived.sessions, forums: derived.forums, attended: derived.attended, offered: derived.offered },
  }
}

/**
 * Faculty credit (AMA PRA: faculty earn credit per hour they teach): the speaker's own
 * sessions in the rule's scope count as attended in full, from every source the rule
 * accepts; the rule's PER_HOUR credits (2 under AMA) do the rest.
 */
export async function computeFacultyCredit(db: Db, rule: CreditRule, userId: string, now = new Date()): Promise<CreditSnapshot> {
  const sessions = await sessionsInScope(db, rule)
  const taught = await db.sessionSpeaker.findMany({ where: { sessionId: { in: sessions.map((s) => s.id) }, speaker: { userId } }, select: { sessionId: true } })
  const taughtIds = new Set(taught.map((t) => t.sessionId))
  const mine = sessions.filter((s) => taughtIds.has(s.id) && s.kind !== 'BREAK')
  const input: CreditInput = {
    rule: toDomainRule(rule),
    sessions: mine.map((s) => ({ id: s.id, forumId: s.forumId, start: s.startsAt.toISOString(), end: s.endsAt.toISOString() })),
    intervals: mine.flatMap((s) => rule.sources.map((source) => ({ forumId: s.forumId, source, start: s.startsAt.toISOString(), end: s.endsAt.toISOString() }))),
  }
  const result = computeCredits(input)
  return { ruleId: rule.id, computedAt: now.toISOString(), input, result, evidence: null, explanation: explainCreditText(result), ledger: { events: 0, lastEventId: null } }
}

export { explainCredit }
