import type { AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { AppError, isAppError } from './app-error.ts'
import type { Logger } from './logger.server.ts'

/** What every socket.io request of the app and the media server is answered with. */
export type AckReply<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
/** The callback a client passes with a request (emitWithAck). */
export type Ack<T = unknown> = (reply: AckReply<T>) => void

export type AckFailure = {
  log: Logger
  /** Logged with the failure: which request, and for whom (ids only). */
  context: Record<string, unknown>
  /** Logged at error level when the request fails unexpectedly (the client is told 'internal'). */
  failed: string
  /** Logged at debug level when the request is refused with an AppError, if given. */
  refused?: string
  /** How a throw is reported; by default an AppError below 500 keeps its code and anything else is 'internal'. */
  toAppError?: (error: unknown) => AppError
}

export function isAck(value: unknown): value is Ack {
  return typeof value === 'function'
}

/** The error reply: the code, and its message in the socket's language with the error's details filled in. */
export function ackError(locale: AppLocale, error: AppError): AckReply<never> {
  return { ok: false, error: { code: error.code, message: translate(locale, `errors.${error.code}`, error.details) } }
}

/** An AppError a client may see as it is; anything else, or a server-side AppError, is 'internal'. */
export function reportableError(error: unknown): AppError {
  return isAppError(error) && error.status < 500 ? error : new AppError('internal', 'Unexpected error')
}

/**
 * Runs one socket request and answers its ack: `{ ok: true, data }` with what `run` returned,
 * or a translated error reply when it throws. Unexpected failures are logged, never sent.
 */
export async function replyWith<T>(ack: Ack<T>, locale: AppLocale, run: () => Promise<T> | T, failure: AckFailure): Promise<void> {
  let data: T
  try {
    data = await run()
  } catch (error) {
    const appError = (failure.toAppError ?? reportableError)(error)
    if (appError.code === 'internal') failure.log.error({ err: error, ...failure.context }, failure.failed)
    else if (failure.refused) failure.log.debug({ code: appError.code, msg: appError.message, ...failure.context }, failure.refused)
    return ack(ackError(locale, appError))
  }
  ack({ ok: true, data })
}
