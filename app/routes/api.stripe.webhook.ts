import type { ActionFunctionArgs } from '@remix-run/node'
import { handleStripeEvent, verifyStripeEvent } from '~/services/registration/handle-stripe-webhook.server.ts'
import { isAppError } from '~/utils/app-error.ts'
import { BODY_LIMITS } from '~/utils/body-limit.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { getStripe, paymentsConfigured, webhookSecret } from '~/services/registration/stripe.server.ts'

/** Stripe → us. Signature first; a non-2xx makes Stripe deliver again later. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ ok: false, error: { code: 'bad_request', message: 'POST only' } }, { status: 405 })
  if (!paymentsConfigured()) return Response.json({ ok: false, error: { code: 'payments_not_configured', message: 'Payments are not configured' } }, { status: 404 })
  // server.ts's guardRequestBodies has read the body within BODY_LIMITS.stripeWebhook, counting
  // on the stream (a chunked body too); this is the same limit for a request that bypassed it.
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > BODY_LIMITS.stripeWebhook) return Response.json({ ok: false, error: { code: 'payload_too_large', message: 'Body too large' } }, { status: 413 })
  const raw = await request.text()
  try {
    const event = verifyStripeEvent(getStripe(), raw, request.headers.get('stripe-signature'), webhookSecret())
    const result = await handleStripeEvent(getDb(), event)
    return Response.json({ ok: true, data: { result } })
  } catch (error) {
    if (isAppError(error)) {
      logger.warn({ code: error.code }, 'stripe webhook refused')
      return Response.json({ ok: false, error: error.toJSON() }, { status: error.status })
    }
    throw error
  }
}

export function loader() {
  return Response.json({ ok: false, error: { code: 'bad_request', message: 'POST only' } }, { status: 405 })
}
