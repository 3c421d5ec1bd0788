/** Every demo account's address is at this domain (prisma/seed.ts). */
export const DEMO_EMAIL_DOMAIN = 'demo.cme-forum.org'

export function isDemoEmail(email: string): boolean {
  return email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`)
}

/**
 * The demo accounts' password is published in the README, so in production they may log in
 * only on a demo instance (DEMO=1), which shows a banner on every page. Development and tests
 * always accept them.
 */
export function isDemoLogInAllowed(email: string, instance: { production: boolean; demoMode: boolean }): boolean {
  return !isDemoEmail(email) || !instance.production || instance.demoMode
}
