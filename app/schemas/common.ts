import { z } from 'zod'
import { ID_PATTERN } from '~/domain/ids.ts'

/**
 * Characters PostgreSQL refuses in text (U+0000) or that are not text at all (a UTF-16
 * surrogate without its pair, which only JSON's `\ud800` escapes can produce). With the `u`
 * flag a surrogate class matches lone surrogates only, so emoji and other astral characters pass.
 */
// eslint-disable-next-line no-control-regex -- NUL is what is refused
export const FORBIDDEN_CHARACTERS = /[\u0000\uD800-\uDFFF]/u
// eslint-disable-next-line no-control-regex -- NUL is what is refused
const WITHOUT_FORBIDDEN_CHARACTERS = /^[^\u0000\uD800-\uDFFF]*$/u

export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN_CHARACTERS.test(value)
}

/**
 * The base of every string a schema accepts from outside (forms, JSON bodies, socket
 * payloads): `z.string()` that refuses NUL and lone surrogates with a translated message, so
 * such input is a 4xx at the edge and never a database error (a 500). It stays a ZodString,
 * so `.trim().min().max()` chain as usual.
 */
export function safeString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).regex(WITHOUT_FORBIDDEN_CHARACTERS, 'validation.invalidCharacters')
}

/** A row id in a route param, a form field or a payload; anything else never reaches the database. */
export const idSchema = z.string().regex(ID_PATTERN)

/** The same in a form, where a bad id is a choice that was not on offer. */
export const idChoiceSchema = z.string().regex(ID_PATTERN, 'validation.choice')
