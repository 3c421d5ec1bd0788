import { commonPasswordSet, passwordProblem, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from '~/domain/password-policy.ts'
import { AppError } from '~/utils/app-error.ts'

let loading: Promise<ReadonlySet<string>> | undefined

/**
 * The 10,000 most common passwords: the head of the ranked list (most common first) that the
 * zxcvbn project ships in `@zxcvbn-ts/language-common`. Loaded on first use, once per process,
 * so neither start-up nor the browser bundle pays for it.
 */
export function commonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import('@zxcvbn-ts/language-common')
    .then((pkg) => commonPasswordSet(pkg.dictionary['passwords-common']))
    .catch((error: unknown) => {
      loading = undefined // a later call tries again; this one fails closed
      throw error
    })
  return loading
}

/** Why a new password is refused under the whole policy, with the list (null: it is fine). */
export async function newPasswordProblem(password: string): Promise<PasswordProblem | null> {
  return passwordProblem(password, await commonPasswords())
}

/**
 * For sign-up, password change and reset, after `newPasswordSchema`: refuses a password the
 * policy does not allow with a 422 whose `details.fields.password` is the i18n key of the reason.
 */
export async function assertNewPasswordAllowed(password: string): Promise<void> {
  const problem = await newPasswordProblem(password)
  if (problem) throw new AppError('validation_failed', `The new password is refused (${problem})`, { fields: { password: PASSWORD_PROBLEM_MESSAGES[problem] } })
}
