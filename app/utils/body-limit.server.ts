import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { resolveLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { hasForbiddenCharacters } from '~/schemas/common.ts'
import { logger } from './logger.server.ts'
import { localeCookie } from './session.server.ts'

/**
 * Request bodies are bounded before anything parses them (issue 17, "Bounded input").
 *
 * `guardRequestBodies()` is an Express middleware in front of the Remix handler. For every
 * request with a body it checks, in this order, and answers itself when a check fails:
 * 1. the Origin, as Remix's own CSRF check reads it (Remix throws, a 500, where we answer 403);
 * 2. the declared Content-Length against the route's limit (413 without reading a byte);
 * 3. for form actions, the Content-Type (415 unless a form; 400 for a multipart without boundary);
 * 4. the body itself, read from the socket while counting (413 as soon as it passes the limit,
 *    chunked or not); the rest is never read, and the connection is closed after the answer;
 * 5. for forms, that it parses and holds no NUL (400): a form field can then never carry one
 *    to PostgreSQL, whatever the route does with it.
 * The body that passed is kept in memory (at most the route's limit) and handed to Remix by
 * `createRequestHandler` (./remix-request-handler.server.ts), which builds the Fetch Request
 * from it instead of from the socket.
 */

const KIB = 1024
const MIB = 1024 * KIB

/** The byte limit of each kind of body. */
export const BODY_LIMITS = {
  /** Every form action: the longest form (an event's settings, a survey) is a few KB. */
  form: 64 * KIB,
  /** The question bank's import: a GIFT or Aiken file of up to 2 MB, sent as multipart. */
  questionImport: 2 * MIB,
  /** A certificate's artwork: a logo and a seal of at most 1 MB each (ARTWORK_LIMITS), and a few names, as multipart. */
  certificateArtwork: 3 * MIB,
  /** The payments page: a bank statement of up to 2 MB (STATEMENT_LIMITS) or a fapiao PDF of up to 2 MB, as multipart. */
  paymentUpload: 3 * MIB,
  /** The eligibility page: a member list of up to 2 MB (MEMBER_LIST_LIMITS) as multipart, or its previewed rows sent back. */
  memberList: 5 * MIB,
  /** The register form with a student card of up to 2 MB (STUDENT_CARD_LIMITS), as multipart. */
  registerWithCard: 3 * MIB,
  /** The desk's import: a hospital's registrant list of up to 3,000,000 bytes (IMPORT_LIMITS), as multipart. */
  registrationImport: 3 * MIB,
  /** Stripe's events are a few KB; Stripe documents no event near this. */
  stripeWebhook: 512 * KIB,
  /** JSON APIs (exam autosave, check-in): an answer or a scan is a few hundred bytes. */
  json: 64 * KIB,
} as const

export type BodyRule = {
  /** form: only form bodies; json: the route checks the type (JSON APIs answer JSON); raw: anything. */
  kind: 'form' | 'json' | 'raw'
  limit: number
  /** Refuse a request that another site's page sent (the Stripe webhook is server to server, and signed). */
  sameOrigin: boolean
}

const QUESTION_IMPORT = /^\/staff\/events\/[^/]+\/questions(?:\.data)?\/?$/
const CERTIFICATE_ARTWORK = /^\/staff\/events\/[^/]+\/certificate-artwork(?:\.data)?\/?$/
const PAYMENTS = /^\/staff\/events\/[^/]+\/payments(?:\.data)?\/?$/
const ELIGIBILITY = /^\/staff\/events\/[^/]+\/eligibility(?:\.data)?\/?$/
const REGISTER = /^\/events\/[^/]+\/register(?:\.data)?\/?$/
const REGISTRATION_IMPORT = /^\/staff\/events\/[^/]+\/registrations\/import(?:\.data)?\/?$/

/** Which rule a request's body follows, by its path (`.data` is Remix's single-fetch twin of a page). */
export function bodyRuleFor(pathname: string): BodyRule {
  if (pathname === '/api/stripe/webhook') return { kind: 'raw', limit: BODY_LIMITS.stripeWebhook, sameOrigin: false }
  if (pathname.startsWith('/api/')) return { kind: 'json', limit: BODY_LIMITS.json, sameOrigin: true }
  if (QUESTION_IMPORT.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.questionImport, sameOrigin: true }
  if (CERTIFICATE_ARTWORK.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.certificateArtwork, sameOrigin: true }
  if (PAYMENTS.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.paymentUpload, sameOrigin: true }
  if (ELIGIBILITY.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.memberList, sameOrigin: true }
  if (REGISTER.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.registerWithCard, sameOrigin: true }
  if (REGISTRATION_IMPORT.test(pathname)) return { kind: 'form', limit: BODY_LIMITS.registrationImport, sameOrigin: true }
  return { kind: 'form', limit: BODY_LIMITS.form, sameOrigin: true }
}

/**
 * Whether a request's Origin passes the check Remix applies before an action
 * (@remix-run/server-runtime, throwIfPotentialCSRFAttack): when an Origin is sent, its host
 * must equal the first X-Forwarded-Host, or else the Host. "null" (a sandboxed frame, a file)
 * never passes; an Origin that is not a URL makes Remix throw a TypeError, so it fails here.
 * A browser that says Sec-Fetch-Site: cross-site fails too.
 */
export function originAllowed(headers: IncomingMessage['headers']): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false
  const origin = headers.origin
  if (origin === undefined) return true // not a browser's cross-origin machinery: curl, a server, a same-origin GET
  let originHost: string
  try {
    originHost = origin === 'null' ? 'null' : new URL(origin).host
  } catch {
    return false
  }
  const forwarded = String(headers['x-forwarded-host'] ?? '')
    .split(',')[0]!
    .trim()
  const host = forwarded || headers.host
  return host !== undefined && originHost === host
}

type FormType = { ok: true; multipart: boolean } | { ok: false; status: 400 | 415 }

/** A form action reads `application/x-www-form-urlencoded` or `multipart/form-data` (with its boundary), nothing else. */
export function formContentType(header: string | undefined): FormType {
  const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim())
  const mime = type.toLowerCase()
  if (mime === 'application/x-www-form-urlencoded') return { ok: true, multipart: false }
  if (mime !== 'multipart/form-data') return { ok: false, status: 415 }
  const boundary = params.find((p) => /^boundary=/i.test(p))?.slice('boundary='.length)
  return boundary && boundary.replace(/^"|"$/g, '').length > 0 ? { ok: true, multipart: true } : { ok: false, status: 400 }
}

const PERCENT_NUL = Buffer.from('%00')

/** A form body that parses, and none of whose fields holds NUL; null when it is fine, else why not. */
export async function formBodyProblem(body: Buffer, contentType: string, multipart: boolean): Promise<'malformed' | 'forbidden_characters' | null> {
  if (!multipart) return body.includes(0) || body.includes(PERCENT_NUL) ? 'forbidden_characters' : null
  let form: FormData
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()
  } catch {
    return 'malformed'
  }
  for (const [name, value] of form) {
    if (hasForbiddenCharacters(name) || (typeof value === 'string' && hasForbiddenCharacters(value))) return 'forbidden_characters'
  }
  return null
}

type Refusal = { status: number; code: string; message: string; params?: Record<string, unknown> }

const buffered = new WeakMap<IncomingMessage, Buffer>()

/** The body `guardRequestBodies` read and checked, for the Remix handler; undefined for a GET. */
export function bufferedBodyOf(req: IncomingMessage): Buffer | undefined {
  return buffered.get(req)
}

const BODYLESS = new Set(['GET', 'HEAD'])

/** The Express middleware; mount it before the Remix handler (server.ts). */
export function guardRequestBodies(options: { ruleFor?: (pathname: string) => BodyRule } = {}) {
  const ruleFor = options.ruleFor ?? bodyRuleFor
  return function guardRequestBody(req: Request, res: Response, next: NextFunction) {
    guard(req, res, ruleFor).then((passed) => (passed ? next() : undefined), next)
  }
}

async function guard(req: Request, res: Response, ruleFor: (pathname: string) => BodyRule): Promise<boolean> {
  // A client that hangs up mid-body makes the request emit 'error'; nobody else listens once we are done.
  req.on('error', () => undefined)
  if (req.originalUrl.includes('%00')) return refuse(req, res, { status: 400, code: 'bad_request', message: 'request.invalidCharacters' }, true)
  const rule = ruleFor(req.path)
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length'])
  if (BODYLESS.has(req.method)) {
    // Remix never reads a GET's body, and Node discards it; only an announced flood is refused.
    if (declared !== null && declared > BODY_LIMITS.form) return refuse(req, res, tooLarge(BODY_LIMITS.form), false)
    return true
  }
  if (rule.sameOrigin && !originAllowed(req.headers)) return refuse(req, res, { status: 403, code: 'cross_origin', message: 'request.crossOrigin' }, false)
  if (declared !== null && (!Number.isSafeInteger(declared) || declared > rule.limit)) return refuse(req, res, tooLarge(rule.limit), false)
  let form: FormType | undefined
  if (rule.kind === 'form') {
    form = formContentType(req.headers['content-type'])
    if (!form.ok)
      return refuse(
        req,
        res,
        form.status === 415 ? { status: 415, code: 'unsupported_media_type', message: 'request.notAForm' } : { status: 400, code: 'bad_request', message: 'request.badForm' },
        false,
      )
  }
  const body = await readBody(req, rule.limit)
  if (body === 'aborted') return false // the client is gone: there is no one to answer
  if (body === 'too_large') return refuse(req, res, tooLarge(rule.limit), false)
  if (form?.ok) {
    const problem = await formBodyProblem(body, req.headers['content-type']!, form.multipart)
    if (problem === 'malformed') return refuse(req, res, { status: 400, code: 'bad_request', message: 'request.badForm' }, true)
    if (problem === 'forbidden_characters') return refuse(req, res, { status: 400, code: 'bad_request', message: 'request.invalidCharacters' }, true)
  }
  buffered.set(req, body)
  return true
}

function tooLarge(limit: number): Refusal {
  return { status: 413, code: 'payload_too_large', message: 'request.tooLarge', params: { limit: formatBytes(limit) } }
}

/** 65536 → "64 KB", 2097152 → "2 MB": limits are whole KiB or MiB. */
export function formatBytes(bytes: number): string {
  return bytes >= MIB && bytes % MIB === 0 ? `${bytes / MIB} MB` : `${Math.round(bytes / KIB)} KB`
}

/**
 * Reads the whole body, or stops at the first byte past `limit` (then the stream is paused and
 * nothing more is read: the refusal closes the connection). 'aborted' when the client went away.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: Buffer | 'too_large' | 'aborted') => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.pause()
        return done('too_large')
      }
      chunks.push(chunk)
    }
    const onEnd = () => done(Buffer.concat(chunks, size))
    const onClose = () => done('aborted')
    req.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose)
  })
}

/** How long a connection whose body was refused stays open, unread, after the answer. */
const HOLD_MS = 1000

/**
 * Answers a refused request in the user's language: JSON for the JSON APIs and for callers
 * that ask for it, else plain text. A refusal is the client's doing, so it is logged at info.
 */
async function refuse(req: Request, res: Response, refusal: Refusal, bodyRead: boolean): Promise<false> {
  const locale = resolveLocale(await localeCookie.parse(req.headers.cookie ?? null).catch(() => null))
  const message = translate(locale, refusal.message, refusal.params)
  logger.info({ method: req.method, path: req.path, status: refusal.status, code: refusal.code, contentLength: req.headers['content-length'] }, 'request refused')
  if (!bodyRead) stopReadingThenClose(req, res)
  res.status(refusal.status).set('Cache-Control', 'no-store')
  const wantsJson = req.path.startsWith('/api/') || /application\/json/i.test(req.headers.accept ?? '')
  if (wantsJson) res.json({ ok: false, error: { code: refusal.code, message } })
  else res.type('text/plain; charset=utf-8').send(message)
  return false
}

/**
 * The rest of a refused body is never read. Closing at once would make the client's TCP stack
 * reset the connection while it is still sending, usually before it has read our answer (a
 * browser then shows "connection reset", not the message). So the connection stays open but
 * unread for HOLD_MS after the answer is out: the client's sending stalls (TCP flow control),
 * it reads the answer, and then the connection is closed. Only what already sits in the
 * socket's buffers is ever taken in.
 */
function stopReadingThenClose(req: IncomingMessage, res: Response) {
  // Node would close the connection as soon as the answer is out (the body is unfinished), or,
  // if the body was never touched, read and discard all of it to keep the connection.
  res.shouldKeepAlive = true
  // Paused, and marked as being consumed (read() takes what is buffered, at most one chunk): Node
  // then neither dumps the body nor reads more than fills the stream's buffer.
  req.pause()
  req.read()
  res.once('finish', () => setTimeout(() => req.socket.destroy(), HOLD_MS))
}
