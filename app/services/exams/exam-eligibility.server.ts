import { checkAttendedMinutes, scheduledMinutes, type Eligibility } from '~/domain/exam.ts'
import { registrationStanding, standingReason } from '~/domain/registration-standing.ts'
import { getAttendedMinutes } from '~/services/attendance/get-attended-minutes.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Who may sit an exam (issue 6): a list of rules, each of which may refuse with a reason
 * the candidate is shown. The attendance rule asks a minutes provider; the default derives
 * minutes from the attendance ledger, and a caller (a test) may pass another.
 */

export type ExamScope = { examId: string; eventId: string; forumId: string | null; sessionId: string | null }
export type EligibilityContext = { db: Db; exam: ExamScope; registration: { id: string; status: string } | null; now: Date }

export interface EligibilityRule {
  readonly name: string
  check(context: EligibilityContext): Promise<Eligibility>
}

/**
 * Minutes the registration attended within the exam's scope (its event, forum or session),
 * with the minutes the scope offered when the provider knows them (the credited windows of
 * the forums as they ran); a bare number is read against the schedule.
 */
export type AttendedMinutesProvider = (input: { db: Db; registrationId: string; scope: ExamScope; now: Date }) => Promise<number | { attended: number; scheduled: number }>

/** Only confirmed registrants: not those awaiting payment or approval, wait-listed or cancelled. */
export const confirmedRegistrationRule: EligibilityRule = {
  name: 'confirmed-registration',
  async check({ registration }) {
    // A cancelled or rejected registration is no registration: "register", not "wait for confirmation".
    const standing = registrationStanding(registration?.status)
    if (standing !== 'confirmed') return { eligible: false, reason: { code: standingReason(standing) } }
    return { eligible: true }
  },
}

/**
 * At least `requiredMinutes` attended in the exam's scope, out of its scheduled minutes.
 * Without a provider the rule refuses ("attendance records are not available yet") rather
 * than let everybody through.
 */
export function attendanceMinutesRule(requiredMinutes: number, minutes: AttendedMinutesProvider | null): EligibilityRule {
  return {
    name: 'attended-minutes',
    async check({ db, exam, registration, now }) {
      if (!registration) return { eligible: false, reason: { code: 'not_registered' } }
      if (!minutes) return { eligible: false, reason: { code: 'attendance_unavailable' } }
      const found = await minutes({ db, registrationId: registration.id, scope: exam, now })
      if (typeof found !== 'number') return checkAttendedMinutes(requiredMinutes, found.attended, found.scheduled)
      return checkAttendedMinutes(requiredMinutes, found, await scheduledMinutesOf(db, exam))
    },
  }
}

async function scheduledMinutesOf(db: Db, scope: ExamScope): Promise<number> {
  const sessions = await db.session.findMany({
    where: scope.sessionId ? { id: scope.sessionId } : scope.forumId ? { forumId: scope.forumId } : { forum: { eventId: scope.eventId } },
    select: { startsAt: true, endsAt: true, kind: true },
  })
  return scheduledMinutes(sessions)
}

/** By default, minutes come from the credited derivation of the ledger (app/services/attendance/get-attended-minutes.server.ts). */
const ledgerMinutes: AttendedMinutesProvider = ({ db, registrationId, scope, now }) =>
  getAttendedMinutes(db, { registrationId, scope: { eventId: scope.eventId, forumId: scope.forumId, sessionId: scope.sessionId }, now })

/** The rules for one exam: a confirmed registration, and attendance when the exam asks for it. */
export function examEligibilityRules(exam: { minAttendedMinutes: number | null }, provider: AttendedMinutesProvider | null = ledgerMinutes): EligibilityRule[] {
  const rules = [confirmedRegistrationRule]
  if (exam.minAttendedMinutes !== null && exam.minAttendedMinutes > 0) rules.push(attendanceMinutesRule(exam.minAttendedMinutes, provider))
  return rules
}

/** The first refusal, in rule order, or eligible. */
export async function checkEligibility(rules: readonly EligibilityRule[], context: EligibilityContext): Promise<Eligibility> {
  for (const rule of rules) {
    const verdict = await rule.check(context)
    if (!verdict.eligible) return verdict
  }
  return { eligible: true }
}
