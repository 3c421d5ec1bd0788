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
  | 'sales_closed'
  | 'already_registered'
  | 'payments_not_configured'
  | 'not_cancellable'
  | 'ticket_invalid'
  | 'ticket_other_event'
  | 'ticket_not_confirmed'
  | 'session_overlap'
  | 'unavailable'
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
  sales_closed: 409,
  already_registered: 409,
  payments_not_configured: 409,
  not_cancellable: 409,
  ticket_invalid: 422,
  ticket_other_event: 422,
  ticket_not_confirmed: 422,
  session_overlap: 409,
  unavailable: 503,
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
