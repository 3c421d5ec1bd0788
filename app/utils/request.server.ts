import { getEnv } from './env.server.ts'

/** The site's own origin for absolute links: PUBLIC_URL when set, else the request's. */
export function baseUrlOf(request: Request): string {
  return (getEnv().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/$/, '')
}
