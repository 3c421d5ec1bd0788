import type Stripe from 'stripe'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { getStripe } from '~/services/registration/stripe.server.ts'

/** Stripe's shortest allowed Checkout lifetime; the seat is held that long. */
const CHECKOUT_TTL_S = 30 * 60

/**
 * Opens a Stripe Checkout Session for a registration awaiting payment. The registration
 * stays PENDING_PAYMENT until the signed webhook says the session was paid.
 */
export async function startCheckout(db: Db, input: { registrationId: string; userId: string; baseUrl: string }, stripe: Stripe = getStripe(), now = new Date()) {
  const reg = await db.registration.findFirst({
    where: { id: input.registrationId, userId: input.userId },
    include: {
      event: { select: { titleZh: true, titleEn: true, paymentMethods: true } },
      ticketType: { select: { nameZh: true, nameEn: true } },
      user: { select: { email: true, locale: true } },
      payments: { where: { status: 'OPEN' } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such registration')
  if (reg.status !== 'PENDING_PAYMENT' || reg.amount <= 0) throw new AppError('conflict', 'Nothing to pay for this registration')

  // Reuse an open session that has not expired, so a double click does not open two.
  for (const p of reg.payments) {
    const existing = await stripe.checkout.sessions.retrieve(p.stripeCheckoutSessionId)
    if (existing.status === 'open' && existing.url) return { url: existing.url, sessionId: existing.id }
  }

  const methods = reg.event.paymentMethods.length ? reg.event.paymentMethods : ['card']
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    allowed_payment_method_types: methods as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[],
    ...(methods.includes('wechat_pay') ? { payment_method_options: { wechat_pay: { client: 'web' } } } : {}),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: reg.currency,
          unit_amount: reg.amount,
          product_data: { name: `${reg.event.titleZh} · ${reg.ticketType.nameZh} / ${reg.event.titleEn} · ${reg.ticketType.nameEn}`.slice(0, 250) },
        },
      },
    ],
    client_reference_id: reg.id,
    metadata: { registrationId: reg.id },
    payment_intent_data: { metadata: { registrationId: reg.id } },
    customer_email: reg.user.email,
    locale: reg.user.locale === 'en' ? 'en' : 'zh',
    success_url: `${input.baseUrl}/tickets/${reg.id}?paid=1`,
    cancel_url: `${input.baseUrl}/tickets/${reg.id}`,
    expires_at: Math.floor(now.getTime() / 1000) + CHECKOUT_TTL_S,
  }
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: `checkout-${reg.id}-${reg.payments.length}-${reg.updatedAt.getTime()}` })
  if (!session.url) throw new AppError('unavailable', 'Stripe returned no checkout URL')
  await db.payment.create({ data: { registrationId: reg.id, stripeCheckoutSessionId: session.id, amount: reg.amount, currency: reg.currency } })
  logger.info({ registrationId: reg.id, sessionId: session.id }, 'checkout started')
  return { url: session.url, sessionId: session.id }
}
