import type { z } from 'zod'
import { resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { AppError, isAppError } from './app-error.ts'
import { getEnv } from './env.server.ts'
import { logger } from './logger.server.ts'
import { localeCookie } from './session.server.ts'

/** The most a JSON API reads of a body: an answer or a scan is a few hundred bytes. */
export const JSON_BODY_LIMIT = 64 * 1024

/**
 * Another site may make a browser POST here with the user's cookies (a form, or a fetch
 * with `text/plain`, needs no preflight). Browsers name the sender: Sec-Fetch-Site says
 * whether it was another site, and Origin is sent on every POST. A request whose Origin
 * is not this site's (PUBLIC_URL's, or the Host it was sent to) is refused; so is an
 * Origin that is not a URL (`null` from a sandboxed frame or a file).
 */
export function requireSameOrigin(request: Request): void {
  if (request.headers.get('sec-fetch-site') === 'cross-site') throw new AppError('cross_origin', 'Sec-Fetch-Site: cross-site')
  const origin = request.headers.get('origin')
  if (origin === null) return // not sent by a browser's cross-origin machinery: curl, a test, a same-origin GET
  let sender: URL
  try {
    sender = new URL(origin)
  } catch {
    throw new AppError('cross_origin', 'Malformed Origin')
  }
  if (sender.origin === 'null') throw new AppError('cross_origin', 'Opaque Origin')
  const own = new URL(request.url)
  const publicUrl = getEnv().PUBLIC_URL
  // Behind a proxy that ends TLS the request URL says http: the host is what must match.
  const allowed = sender.origin === own.origin || sender.host === own.host || (publicUrl !== undefined && sender.origin === new URL(publicUrl).origin)
  if (!allowed) throw new AppError('cross_origin', 'Origin of another site')
}

/** JSON only: `text/plain` is what a cross-site form or a no-preflight fetch would send. */
export function requireJsonContentType(request: Request): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new AppError('unsupported_media_type', `Content-Type ${type || '(none)'} is not application/json`)
}

/**
 * Reads the body as a stream, stopping as soon as it passes `maxBytes` (a chunked body has
 * no Content-Length to trust), then parses JSON and validates it with `schema`.
 * Not JSON → 400; JSON of the wrong shape → `invalidCode` (422 by default).
 */
export async function readJsonBody<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  options: { maxBytes?: number; invalidCode?: 'validation_failed' | 'invalid_answer' } = {},
): Promise<z.infer<S>> {
  const maxBytes = options.maxBytes ?? JSON_BODY_LIMIT
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError('payload_too_large', `Body of ${declared} bytes`)
  const text = await readLimited(request, maxBytes)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', 'Body is not JSON')
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new AppError(options.invalidCode ?? 'validation_failed', 'Body does not match the schema')
  return parsed.data as z.infer<S>
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new AppError('payload_too_large', `Body over ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks))
}

export async function requestLocale(request: Request): Promise<AppLocale> {
  return resolveLocale(await localeCookie.parse(request.headers.get('Cookie')).catch(() => null))
}

/** `{ ok: false, error: { code, message } }` with the error's status, the message in the user's language. */
export function jsonFailure(locale: AppLocale, error: AppError): Response {
  const message = translate(locale, `errors.${error.code}`, error.details)
  return Response.json({ ok: false, error: { code: error.code, message } }, { status: error.status })
}

/**
 * One JSON API action: POST only, same origin, `application/json`, then `run`. What `run`
 * returns is sent as JSON with 200; an AppError a person can act on becomes its 4xx with a
 * translated message (logged at info: a refusal, not a fault). A guard's thrown redirect to
 * the log-in page becomes 401, so a script is never answered with a 200 HTML page.
 */
export async function jsonApi(request: Request, run: () => Promise<Record<string, unknown>>): Promise<Response> {
  const locale = await requestLocale(request)
  try {
    if (request.method !== 'POST') throw new AppError('method_not_allowed', `${request.method} is not allowed`)
    requireSameOrigin(request)
    requireJsonContentType(request)
    return Response.json(await run())
  } catch (thrown) {
    const error = asAppError(thrown)
    if (!error || error.status >= 500) throw thrown
    logger.info({ path: new URL(request.url).pathname, code: error.code, status: error.status, reason: error.message }, 'json api refused')
    return jsonFailure(locale, error)
  }
}

function asAppError(thrown: unknown): AppError | null {
  if (isAppError(thrown)) return thrown
  if (thrown instanceof Response) {
    // requireUser throws a redirect to /login; other guards throw their status.
    if (thrown.status === 401 || (thrown.status >= 300 && thrown.status < 400)) return new AppError('unauthenticated', 'Not logged in')
    if (thrown.status === 403) return new AppError('forbidden', 'Refused by a guard')
    if (thrown.status === 404) return new AppError('not_found', 'Refused by a guard')
  }
  return null
}
