import { splitLearnerName } from './learner-name.ts'

/**
 * The certificate number (证书编号) printed on a certificate and typed back into `/verify` by
 * whoever holds the paper. It is the certificate's id in capitals (ids are random lower-case
 * letters and digits, `newCertificateId`: "c" and 20 more), so `crlcv7dfnynhg4l1hrcro`
 * prints as `CRLCV7DFNYNHG4L1HRCRO`.
 * Pure: no database, no clock.
 */
export function certificateNumberOf(certificateId: string): string {
  return certificateId.toUpperCase()
}

/** Characters people put between groups when they copy a number: spaces, dashes, dots, slashes. */
const SEPARATORS = /[\s\-‐‑‒–—―−－_.·・/]+/gu
const NUMBER_SHAPE = /^[0-9a-z]{8,64}$/
/**
 * Look-alikes on paper and in handwriting, each folded to one spelling: o to 0, i and l to 1.
 * The cuid alphabet (0–9, a–z) holds every member of each group, so a typed character cannot be
 * corrected: the look-up compares folded spellings. The database folds each id the same way,
 * `translate(id, 'oil', '011')`, under an index (migration 20261213010000), and the holder's
 * name must still match, so a stray hit on another certificate discloses nothing.
 */
const FOLD: Record<string, string> = { o: '0', i: '1', l: '1' }
export type ParsedCertificateNumber = {
  /** The number as typed, without separators, lower-case: the id it most likely is. */
  typed: string
  /**
   * The typed number with its look-alikes folded (o → 0, i and l → 1): every id that could
   * have been printed as what was typed has this key. Looked up, and counted by the rate limit.
   */
  key: string
}

/** An id or a typed number with its look-alikes folded; the key a certificate is found by. */
export function certificateNumberKey(lowerCase: string): string {
  return [...lowerCase].map((c) => FOLD[c] ?? c).join('')
}

/**
 * Reads a typed certificate number: Unicode NFKC (full-width letters and digits become ASCII),
 * separators and white space removed, case ignored; a whole verify URL is accepted too (the
 * part after `/verify/`). Null when what remains cannot be a number (8–64 letters and digits).
 */
export function parseCertificateNumber(input: string): ParsedCertificateNumber | null {
  let text = input.normalize('NFKC').trim()
  const at = text.lastIndexOf('/verify/')
  if (at >= 0) text = text.slice(at + '/verify/'.length).split(/[?#]/)[0]!
  const typed = text.replace(SEPARATORS, '').toLowerCase()
  if (!NUMBER_SHAPE.test(typed)) return null
  return { typed, key: certificateNumberKey(typed) }
}

/**
 * Limits of the look-up by number (app/services/credits/verify-certificate.server.ts), each
 * per hour; a refusal lasts an hour from the moment a limit is crossed.
 * - look-ups per client address: an HR office checks a pile of certificates, not thousands;
 * - failed look-ups (unknown number or wrong name) per address: walking through numbers;
 * - failed look-ups per number, from all addresses: guessing one number's holder name,
 *   since a family name is a small space (a few hundred common ones).
 */
export const NUMBER_LOOKUP_LIMITS = {
  lookupsPerAddress: 200,
  failuresPerAddress: 20,
  failuresPerNumber: 10,
  windowSec: 3600,
} as const

/**
 * The name typed next to the number, against the holder's name on the certificate. It
 * matches when it is
 * - the full name, ignoring case, white space, accents, dots, hyphens and apostrophes, and the
 *   order of its words ("Lei Li" for "Li Lei");
 * - for a name in Han characters, the family name: its first character, or the first two for
 *   the compound family names in common use (欧阳, 司马 …; app/domain/learner-name.ts);
 * - for other names of several words, the first or the last word(s): family names come first
 *   in Chinese order and last in Western order, and may have several words ("van Gogh").
 *   A part of a single letter is not enough.
 * Anything else, an empty name included, does not match.
 */
export function holderNameMatches(holderName: string, typedName: string): boolean {
  const holderWords = nameWords(holderName)
  const typedWords = nameWords(typedName)
  if (holderWords.length === 0 || typedWords.length === 0) return false
  const typed = typedWords.join('')
  if (typed === holderWords.join('')) return true
  if (typedWords.length === holderWords.length && [...typedWords].sort().join(' ') === [...holderWords].sort().join(' ')) return true
  const compact = holderWords.join('')
  if (/^\p{Script=Han}+$/u.test(compact)) {
    return compact.length > 1 && typed === compactName(splitLearnerName(compact).lastName)
  }
  if (holderWords.length < 2 || typed.length < 2) return false
  for (let n = 1; n < holderWords.length; n++) {
    if (typed === holderWords.slice(0, n).join('') || typed === holderWords.slice(-n).join('')) return true
  }
  return false
}

/** The words of a name, each folded for comparison (NFKC, lower-case, accents and punctuation inside names removed). */
function nameWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .split(/[\s\-‐‑–—_/,，]+/u)
    .map(compactName)
    .filter((w) => w.length > 0)
}

function compactName(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s.·・'’‘`]/gu, '')
}
