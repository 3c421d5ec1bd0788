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
 * Look-alikes on paper and in handwriting. The cuid alphabet (0–9, a–z) holds both members of
 * each group, so a typed character cannot be folded to one spelling: every spelling is tried
 * (and the holder's name must still match, so a stray hit on another certificate discloses nothing).
 */
const LOOK_ALIKES: Record<string, string> = { '0': '0o', o: '0o', '1': '1il', i: '1il', l: '1il' }
/** At most this many spellings are looked up; a number with more look-alikes is looked up as typed only. */
export const MAX_NUMBER_SPELLINGS = 256

export type ParsedCertificateNumber = {
  /** The number as typed, without separators, lower-case: the id it most likely is. */
  typed: string
  /** One spelling per look-alike group (0/o → 0, 1/i/l → 1): what a rate limit counts per number. */
  key: string
  /** Ids to look up: the typed one first, then each other spelling of its look-alikes. */
  candidates: string[]
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
  const key = [...typed].map((c) => LOOK_ALIKES[c]?.[0] ?? c).join('')
  let spellings = 1
  for (const c of typed) spellings *= LOOK_ALIKES[c]?.length ?? 1
  if (spellings > MAX_NUMBER_SPELLINGS) return { typed, key, candidates: [typed] }
  let candidates = ['']
  for (const c of typed) {
    const options = LOOK_ALIKES[c] ?? c
    candidates = candidates.flatMap((prefix) => [...options].map((o) => prefix + o))
  }
  return { typed, key, candidates: [typed, ...candidates.filter((c) => c !== typed)] }
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
