import Stripe from 'stripe'
import { getEnv } from '~/utils/env.server.ts'

/** Paid tickets need both keys; without them paid tickets say so and free ones still work. */
export function paymentsConfigured(): boolean {
  const env = getEnv()
  return !!(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET)
}

let client: Stripe | undefined

/** The real Stripe SDK; STRIPE_API_BASE points it at a local fake in tests. */
export function getStripe(): Stripe {
  if (client) return client
  const env = getEnv()
  if (!env.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set')
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  client = new Stripe(env.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base ? { host: base.hostname, port: Number(base.port), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  })
  return client
}

export function webhookSecret(): string {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is not set')
  return secret
}
