/**
 * Where someone stands with an event, for the messages that depend on it (issue 15: "您的报名尚未确认"
 * was shown to people who never registered): confirmed; pending (awaiting payment, approval or a
 * seat); or none (never registered, cancelled or rejected: for them, registering is the way on).
 */
export type RegistrationStanding = 'confirmed' | 'pending' | 'none'

export function registrationStanding(status: string | null | undefined): RegistrationStanding {
  if (status === 'CONFIRMED') return 'confirmed'
  if (!status || status === 'CANCELLED' || status === 'REJECTED') return 'none'
  return 'pending'
}

/** The reason code a refusal gives for a standing other than confirmed. */
export function standingReason(standing: Exclude<RegistrationStanding, 'confirmed'>): 'not_registered' | 'registration_not_confirmed' {
  return standing === 'none' ? 'not_registered' : 'registration_not_confirmed'
}
