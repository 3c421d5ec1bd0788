import { isDemoLogInAllowed } from '~/domain/demo.ts'
import { AppError } from '~/utils/app-error.ts'
import { getEnv, isDemoMode, type Env } from '~/utils/env.server.ts'

/** Log-in calls this once the password is right: a demo account outside a demo instance gets 403. */
export function assertDemoLogInAllowed(email: string, env: Env = getEnv()): void {
  if (!isDemoLogInAllowed(email, { production: env.NODE_ENV === 'production', demoMode: isDemoMode(env) })) {
    throw new AppError('demo_account_disabled', 'Demo accounts are turned off on this server')
  }
}
