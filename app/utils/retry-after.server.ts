import { data } from '@remix-run/node'
import { retryAfterMinutes, retryAfterSeconds } from '~/domain/login-throttle.ts'
import { isAppError, type AppError } from './app-error.ts'

/** When a refusal says to come back (`details.retryAfterMs`, set by the throttles), in ms; else null. */
export function retryAfterMsOf(error: AppError): number | null {
  const ms = error.details?.retryAfterMs
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : null
}

/**
 * As `actionResult` (app/utils/route.server.ts), for forms behind a throttle: a 4xx AppError
 * becomes the route's failure body with the error's status, and a refusal that says when to
 * come back also gets the Retry-After header, with the minutes to show handed to `failure`.
 */
export async function throttledActionResult<T, F>(run: () => Promise<T>, failure: (error: AppError, retry: { minutes: number } | null) => F) {
  try {
    return await run()
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error
    const ms = retryAfterMsOf(error)
    return data(failure(error, ms === null ? null : { minutes: retryAfterMinutes(ms) }), {
      status: error.status,
      headers: ms === null ? undefined : { 'Retry-After': String(retryAfterSeconds(ms)) },
    })
  }
}
