import { safeRedirect } from '~/schemas/auth.ts'

/**
 * The `redirectTo` in a request's query, checked by safeRedirect: a path of this site, or
 * null when there is none or it is not one. Log-in and sign-up pass it on to each other (and
 * sign-up through its mailed link), so a person stopped by a guard lands back where they were heading.
 */
export function redirectToOf(request: Request): string | null {
  const asked = new URL(request.url).searchParams.get('redirectTo')
  return asked ? safeRedirect(asked, '') || null : null
}

/** `path`, with `redirectTo` in its query when there is one. */
export function withRedirectTo(path: string, redirectTo: string | null | undefined): string {
  return redirectTo ? `${path}?${new URLSearchParams({ redirectTo })}` : path
}
