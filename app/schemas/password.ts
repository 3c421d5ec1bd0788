import { z } from 'zod'
import { PASSWORD_TOKEN_PATTERN } from '~/domain/password-token.ts'
import { loginSchema, newPasswordSchema } from './auth.ts'
import { idSchema, safeString } from './common.ts'

// The new password's list check (the 10,000 most common) needs the server: the services call
// assertNewPasswordAllowed (app/services/accounts/password-policy.server.ts) after these.

/** "Forgot password": the address to send a link to. */
export const forgotPasswordSchema = z.object({ email: loginSchema.shape.email })

/** The one-time link's token in /reset-password/<token>: anything else is a 404. */
export const passwordTokenParamsSchema = z.object({ token: z.string().regex(PASSWORD_TOKEN_PATTERN) })

/** Setting a password through a one-time link. */
export const resetPasswordSchema = z.object({ password: newPasswordSchema })

/** The profile's password change: the current password proves it is the owner at the keyboard. */
export const changePasswordSchema = z.object({
  currentPassword: safeString({ required_error: 'validation.required' }).min(1, 'validation.required').max(128, 'validation.passwordLong'),
  newPassword: newPasswordSchema,
})

/** The profile's forms, told apart by the button's `intent`; without one it is the profile form. */
export const profileIntentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('profile') }),
  z.object({ intent: z.literal('change-password') }),
  z.object({ intent: z.literal('end-session'), sessionId: idSchema }),
  z.object({ intent: z.literal('end-other-sessions') }),
])
