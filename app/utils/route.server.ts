import { data } from '@remix-run/node'
import { z } from 'zod'
import { AppError, isAppError } from './app-error.ts'

/**
 * Turns an AppError thrown anywhere below a loader/action into a 4xx response the
 * route's ErrorBoundary shows in the user's language (its code is the i18n key).
 */
export async function handle<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (isAppError(error)) throw data(error.toJSON(), { status: error.status })
    throw error
  }
}

/** Validates route params with zod; a bad param is a 404, never a 500. */
export function parseParams<T extends z.ZodTypeAny>(schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params)
  if (!parsed.success) throw new AppError('not_found', 'No such page')
  return parsed.data
}

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(120)

/**
 * Runs an action's use case. An AppError a person can act on (4xx) becomes the route's own
 * failure body, sent with the error's status, so the form shows it in place; anything else
 * (a 5xx AppError, a bug, a thrown redirect) is rethrown, to `handle` or to Remix.
 */
export async function actionResult<T, F>(run: () => Promise<T>, failure: (error: AppError) => F) {
  try {
    return await run()
  } catch (error) {
    if (isAppError(error) && error.status < 500) return data(failure(error), { status: error.status })
    throw error
  }
}
