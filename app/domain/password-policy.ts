/**
 * The password policy for new passwords (sign-up, change, reset), after NIST SP 800-63B §5.1.1.2:
 * a minimum length, no composition rules, and a check against a list of commonly used
 * passwords. Existing passwords are never re-checked at log-in.
 */
export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 128
/** How many of the most common passwords are refused (the list is ordered most common first). */
export const COMMON_PASSWORD_COUNT = 10_000

export type PasswordProblem = 'blank' | 'too_short' | 'too_long' | 'too_common'

/** The i18n key (validation.*) that tells a person why a password was refused. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  blank: 'validation.passwordBlank',
  too_short: 'validation.passwordShort',
  too_long: 'validation.passwordLong',
  too_common: 'validation.passwordCommon',
}

/** Characters as a person counts them (an emoji or a CJK character is one), not UTF-16 units. */
function length(password: string): number {
  return [...password].length
}

/**
 * Why a new password is refused, or null when it is fine. An empty password, or one of spaces
 * only, is `blank` whatever its length. Spaces at either end do not count towards the length
 * (ten spaces around "ab" are not a ten-character password), and the list check ignores them
 * and case: `commonPasswords` holds lower-case entries, so ` Password123` counts as `password123`.
 */
export function passwordProblem(password: string, commonPasswords: ReadonlySet<string>): PasswordProblem | null {
  const core = password.trim()
  if (core === '') return 'blank'
  if (length(core) < PASSWORD_MIN_LENGTH) return 'too_short'
  if (length(password) > PASSWORD_MAX_LENGTH) return 'too_long'
  if (commonPasswords.has(core.toLowerCase())) return 'too_common'
  return null
}

/** The list as the policy uses it: the `count` most common entries, lower-cased. */
export function commonPasswordSet(rankedPasswords: readonly string[], count = COMMON_PASSWORD_COUNT): ReadonlySet<string> {
  return new Set(rankedPasswords.slice(0, count).map((p) => p.toLowerCase()))
}
