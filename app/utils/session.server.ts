import { createCookie, createCookieSessionStorage } from '@remix-run/node'
import { ABSOLUTE_TIMEOUT_MS } from '~/domain/login-session.ts'
import { getEnv } from './env.server.ts'

// The cookie lives as long as a session may (the absolute limit); the row decides the rest:
// the idle timeout, log-out, "log out everywhere else" (app/domain/login-session.ts).
const SESSION_MAX_AGE_S = ABSOLUTE_TIMEOUT_MS / 1000

function sessionSecret(): string {
  // When it is not configured, server.ts resolves SESSION_SECRET from the data folder at start-up.
  const secret = getEnv().SESSION_SECRET
  if (!secret) throw new Error('SESSION_SECRET is not set')
  return secret
}

type SessionData = { sessionId: string }
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined

/** The signed cookie holds only the LoginSession id; the row is the truth. */
export function authSessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: '__session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: SESSION_MAX_AGE_S,
      secrets: [sessionSecret()],
      secure: (getEnv().PUBLIC_URL ?? '').startsWith('https://'),
    },
  })
  return storage
}

/** A new session's absolute lifetime (its row's expiresAt = createdAt + 30 days). */
export const SESSION_TTL_MS = ABSOLUTE_TIMEOUT_MS

export const localeCookie = createCookie('lng', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
