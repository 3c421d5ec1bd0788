/**
 * The reference an attendee writes in a bank transfer's remark (附言), so the association's
 * statement says which registration a payment is for.
 *
 * - Short: 7 random characters and 1 check character; 28^7 ≈ 1.3 × 10^10 references.
 * - Unambiguous: digits 2–9 and capital letters without I, L, O, U, V, Z (no 0/O, 1/I/L, U/V,
 *   2/Z pairs that a clerk typing it, or a bank's OCR, could confuse).
 * - Checked: Luhn mod N over the alphabet (the Luhn algorithm generalised to N symbols), which
 *   catches every single wrong character and almost every swap of two neighbours. N must be
 *   even: with an odd N the doubling step maps two symbols to one and some typos pass.
 * - Found in free text: banks add words of their own, drop dashes and spaces and may turn
 *   half-width characters into full-width ones, so the remark is normalised before every
 *   window of 8 characters is checked.
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXY'
export const REFERENCE_LENGTH = 8
const N = REFERENCE_ALPHABET.length

function codePoint(char: string): number {
  return REFERENCE_ALPHABET.indexOf(char)
}

/** Luhn mod N: the sum over the characters, doubling every second one from the right. */
function luhnSum(chars: string, doubleFirstFromRight: boolean): number {
  let factor = doubleFirstFromRight ? 2 : 1
  let sum = 0
  for (let i = chars.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(chars[i]!)
    addend = Math.floor(addend / N) + (addend % N)
    sum += addend
    factor = factor === 2 ? 1 : 2
  }
  return sum
}

/** The check character of a body of reference characters. */
export function checkCharacter(body: string): string {
  const remainder = luhnSum(body, true) % N
  return REFERENCE_ALPHABET[(N - remainder) % N]!
}

/**
 * A reference from 7 numbers in [0, 28) (the caller draws them from a secure random source,
 * keeping this module free of randomness).
 */
export function referenceFromValues(values: readonly number[]): string {
  if (values.length !== REFERENCE_LENGTH - 1 || values.some((v) => !Number.isInteger(v) || v < 0 || v >= N)) {
    throw new RangeError(`A reference needs ${REFERENCE_LENGTH - 1} values in [0, ${N})`)
  }
  const body = values.map((v) => REFERENCE_ALPHABET[v]).join('')
  return body + checkCharacter(body)
}

export const REFERENCE_RANDOM_VALUES = { count: REFERENCE_LENGTH - 1, range: N } as const

/** Upper case, half-width, letters and digits only: what survives of a remark a bank rewrote. */
export function normaliseRemark(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
}

/** An already normalised string of REFERENCE_LENGTH: all in the alphabet, and the check holds. */
function checks(value: string): boolean {
  for (const c of value) if (codePoint(c) < 0) return false
  return luhnSum(value, false) % N === 0
}

/** Whether a string (after normalising) is a well-formed reference with a correct check character. */
export function isValidReference(text: string): boolean {
  const value = normaliseRemark(text)
  return value.length === REFERENCE_LENGTH && checks(value)
}

/**
 * The references inside a remark, in order of appearance, without repeats. Windows are read
 * left to right and a found reference is stepped over: a reference written twice in a row
 * would otherwise also yield its rotations (Luhn's sum does not change when an even-length
 * string is rotated by an even number of places). `isKnown` (the references the event awaits)
 * keeps a chance window that happens to check from hiding the real one next to it.
 */
export function findReferences(remark: string, isKnown: (reference: string) => boolean = () => true): string[] {
  const text = normaliseRemark(remark)
  const found: string[] = []
  for (let i = 0; i + REFERENCE_LENGTH <= text.length;) {
    const window = text.slice(i, i + REFERENCE_LENGTH)
    if (checks(window) && isKnown(window)) {
      if (!found.includes(window)) found.push(window)
      i += REFERENCE_LENGTH
    } else i++
  }
  return found
}
