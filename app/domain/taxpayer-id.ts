/**
 * The unified social credit code (统一社会信用代码), the taxpayer id on a Chinese fapiao,
 * as GB 32100-2015 defines it: 18 characters from 0–9 and 21 capital letters (no I, O, S, V, Z):
 *
 *   1      registration authority (1 机构编制, 5 民政, 9 工商, Y 其他 …)
 *   2      category within that authority
 *   3–8    the administrative division code (6 digits)
 *   9–17   the organisation's own code (GB 11714)
 *   18     check character: weights 3^(i-1) mod 31, C18 = 31 − (Σ mod 31), 31 → 0
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const AUTHORITIES = '123456789ANY'

export type TaxpayerIdProblem = 'length' | 'characters' | 'authority' | 'division' | 'check'

/** The expected check character for the first 17 characters, or null if one of them is not in the alphabet. */
export function taxpayerIdCheckCharacter(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '')
    if (value < 0) return null
    sum += value * WEIGHTS[i]!
  }
  const check = 31 - (sum % 31)
  return ALPHABET[check === 31 ? 0 : check]!
}

/** Upper case and half-width, without spaces: how people paste it from a licence. */
export function normaliseTaxpayerId(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/\s+/g, '')
}

/** Why a (normalised) code is not a valid unified social credit code, or null when it is. */
export function taxpayerIdProblem(code: string): TaxpayerIdProblem | null {
  if (code.length !== 18) return 'length'
  for (const c of code) if (!ALPHABET.includes(c)) return 'characters'
  if (!AUTHORITIES.includes(code[0]!)) return 'authority'
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'division'
  return taxpayerIdCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check'
}

export function isValidTaxpayerId(code: string): boolean {
  return taxpayerIdProblem(code) === null
}
