import type Stripe from 'stripe'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { handleStripeEvent } from '../../app/services/registration/handle-stripe-webhook.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())

let seq = 0
function stripeEvent(type: string, object: Record<string, unknown>): Stripe.Event {
  return { id: `evt_int_${Date.now()}_${seq++}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } } as unknown as Stripe.Event
}

let ticketId = ''
let eventId = ''
async function pendingPaid(label: string) {
  const [u] = await createUsers(db, 1, label)
  const reg = await registerForEvent(db, { userId: u!, eventId, ticketTypeId: ticketId, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: true })
  const sessionId = `cs_int_${reg.id}`
  if (reg.status === 'PENDING_PAYMENT') await db.payment.create({ data: { registrationId: reg.id, stripeCheckoutSessionId: sessionId, amount: reg.amount, currency: 'cny' } })
  return { reg, sessionId }
}

beforeAll(async () => {
  const event = await createEvent(db)
  eventId = event.id
  ticketId = (await createTicketType(db, event.id, { quota: 1, priceNonMember: 50000 })).id
})

test('a paid session confirms once, even when completed and async-succeeded both arrive', async () => {
  const { reg, sessionId } = await pendingPaid('pay')
  expect(reg.status).toBe('PENDING_PAYMENT')
  const session = { id: sessionId, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_${reg.id}` }
  const completed = stripeEvent('checkout.session.completed', session)
  expect(await handleStripeEvent(db, completed)).toBe('processed')
  expect(await handleStripeEvent(db, completed)).toBe('duplicate')
  expect(await handleStripeEvent(db, stripeEvent('checkout.session.async_payment_succeeded', session))).toBe('processed')
  const after = await db.registration.findUniqueOrThrow({ where: { id: reg.id } })
  expect(after.status).toBe('CONFIRMED')
  expect(await db.auditLog.count({ where: { type: 'registration.paid', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)
  const payment = await db.payment.findUniqueOrThrow({ where: { stripeCheckoutSessionId: sessionId } })
  expect(payment).toMatchObject({ status: 'PAID', stripePaymentIntentId: `pi_${reg.id}` })

  // A refund reported before… is refused so Stripe retries; after the payment is known it applies.
  const early = stripeEvent('charge.refunded', { id: 'ch_x', object: 'charge', payment_intent: 'pi_unknown', amount_refunded: 100 })
  await expect(handleStripeEvent(db, early)).rejects.toMatchObject({ code: 'conflict' })
  expect(await db.stripeEvent.findUnique({ where: { id: early.id } })).toBeNull()
  expect(await handleStripeEvent(db, stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: `pi_${reg.id}`, amount_refunded: 45000 }))).toBe('processed')
  expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: 45000 })
  // Free the seat for the next test.
  await db.registration.update({ where: { id: reg.id }, data: { status: 'CANCELLED' } })
  await db.ticketType.update({ where: { id: ticketId }, data: { seatsTaken: 0 } })
})

test('an expired checkout releases the held seat and promotes the waiting list', async () => {
  const holder = await pendingPaid('hold')
  const waiting = await pendingPaid('wait')
  expect([holder.reg.status, waiting.reg.status]).toEqual(['PENDING_PAYMENT', 'WAITLISTED'])
  expect(await handleStripeEvent(db, stripeEvent('checkout.session.expired', { id: holder.sessionId, object: 'checkout.session', payment_status: 'unpaid' }))).toBe('processed')
  expect((await db.registration.findUniqueOrThrow({ where: { id: holder.reg.id } })).status).toBe('CANCELLED')
  expect((await db.payment.findUniqueOrThrow({ where: { stripeCheckoutSessionId: holder.sessionId } })).status).toBe('EXPIRED')
  // The promoted registration now has to pay for its seat.
  expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.reg.id } })).status).toBe('PENDING_PAYMENT')
  expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticketId } })).seatsTaken).toBe(1)
})

test('an unpaid "completed" session (async method still pending) confirms nothing', async () => {
  const event = await createEvent(db)
  const t = await createTicketType(db, event.id, { priceNonMember: 100 })
  const [u] = await createUsers(db, 1, 'async')
  const reg = await registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: t.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: true })
  await db.payment.create({ data: { registrationId: reg.id, stripeCheckoutSessionId: `cs_async_${reg.id}`, amount: 100, currency: 'cny' } })
  expect(await handleStripeEvent(db, stripeEvent('checkout.session.completed', { id: `cs_async_${reg.id}`, payment_status: 'unpaid' }))).toBe('ignored')
  expect((await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).status).toBe('PENDING_PAYMENT')
})
