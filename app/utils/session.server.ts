import { createCookie, createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from './env.server.ts'

const SESSION_MAX_AGE_S = 60 * 60 * 24 * 30

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

export const SESSION_TTL_MS = SESSION_MAX_AGE_S * 1000

export const localeCookie = createCookie('lng', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })
