/**
 * An error a person can read. `code` is machine-readable and doubles as the
 * translation key (`errors.<code>`); `message` is the English fallback.
 */
export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'email_taken'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'too_many_logins'
  | 'too_many_signups'
  | 'signup_link_invalid'
  | 'sales_closed'
  | 'registration_closed'
  | 'already_registered'
  | 'payments_not_configured'
  | 'not_cancellable'
  | 'ticket_invalid'
  | 'ticket_other_event'
  | 'ticket_not_confirmed'
  | 'session_overlap'
  | 'not_registered'
  | 'live_token_invalid'
  | 'live_not_registered'
  | 'live_not_live'
  | 'live_not_on_stage'
  | 'live_invitee_unknown'
  | 'live_invitee_needs_name'
  | 'live_chat_muted'
  | 'live_forum_ended'
  | 'live_question_closed'
  | 'live_poll_closed'
  | 'live_already_voted'
  | 'live_poll_transition'
  | 'live_access_revoked'
  | 'live_too_many_connections'
  | 'in_use'
  | 'unavailable'
  | 'exam_not_open'
  | 'exam_closed'
  | 'no_attempts_left'
  | 'attempt_in_progress'
  | 'attempt_finished'
  | 'attempt_time_up'
  | 'not_eligible'
  | 'import_failed'
  | 'import_timeout'
  | 'invalid_answer'
  | 'pool_too_small'
  | 'no_questions'
  | 'survey_closed'
  | 'survey_already_completed'
  | 'survey_has_responses'
  | 'credit_criteria_not_met'
  | 'certificate_already_issued'
  | 'certificate_not_current'
  | 'certificate_revoked'
  | 'demo_account_disabled'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'cross_origin'
  | 'payload_too_large'
  | 'wrong_password'
  | 'password_link_invalid'
  | 'transfer_not_offered'
  | 'statement_unreadable'
  | 'member_not_on_list'
  | 'member_list_unreadable'
  | 'tier_evidence_pending'
  | 'evidence_not_pending'
  | 'not_refundable'
  | 'import_unreadable'
  | 'import_expired'
  | 'import_over_capacity'
  | 'internal'

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  invalid_credentials: 401,
  rate_limited: 429,
  too_many_logins: 429,
  too_many_signups: 429,
  signup_link_invalid: 410,
  sales_closed: 409,
  registration_closed: 409,
  already_registered: 409,
  payments_not_configured: 409,
  not_cancellable: 409,
  ticket_invalid: 422,
  ticket_other_event: 422,
  ticket_not_confirmed: 422,
  session_overlap: 409,
  not_registered: 403,
  live_token_invalid: 401,
  live_not_registered: 403,
  live_not_live: 409,
  live_not_on_stage: 403,
  live_invitee_unknown: 422,
  live_invitee_needs_name: 422,
  live_chat_muted: 403,
  live_forum_ended: 409,
  live_question_closed: 409,
  live_poll_closed: 409,
  live_already_voted: 409,
  live_poll_transition: 409,
  live_access_revoked: 403,
  live_too_many_connections: 429,
  in_use: 409,
  unavailable: 503,
  exam_not_open: 409,
  exam_closed: 409,
  no_attempts_left: 409,
  attempt_in_progress: 409,
  attempt_finished: 409,
  attempt_time_up: 409,
  not_eligible: 403,
  import_failed: 422,
  import_timeout: 422,
  invalid_answer: 422,
  pool_too_small: 422,
  no_questions: 422,
  survey_closed: 409,
  survey_already_completed: 409,
  survey_has_responses: 409,
  credit_criteria_not_met: 409,
  certificate_already_issued: 409,
  certificate_not_current: 409,
  certificate_revoked: 409,
  demo_account_disabled: 403,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  cross_origin: 403,
  payload_too_large: 413,
  wrong_password: 422,
  password_link_invalid: 410,
  transfer_not_offered: 409,
  statement_unreadable: 422,
  member_not_on_list: 422,
  member_list_unreadable: 422,
  tier_evidence_pending: 409,
  evidence_not_pending: 409,
  not_refundable: 409,
  import_unreadable: 422,
  import_expired: 410,
  import_over_capacity: 409,
  internal: 500,
}

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly status: number
  readonly details?: Record<string, unknown>

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.status = STATUS[code]
    this.details = details
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
