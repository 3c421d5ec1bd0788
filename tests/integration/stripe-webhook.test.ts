import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
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

describe('payment events out of order', () => {
  /** A confirmed, paid registration on its own event and ticket type (quota 1, one on the waiting list). */
  async function paidWithWaitingList(label: string) {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { quota: 1, priceNonMember: 30000 })
    const [a, b] = await createUsers(db, 2, label)
    const reg = await registerForEvent(db, { userId: a!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: true })
    const sessionId = `cs_ooo_${reg.id}`
    await db.payment.create({ data: { registrationId: reg.id, stripeCheckoutSessionId: sessionId, amount: reg.amount, currency: 'cny' } })
    const session = { id: sessionId, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_${reg.id}` }
    expect(await handleStripeEvent(db, stripeEvent('checkout.session.completed', session))).toBe('processed')
    const waiting = await registerForEvent(db, { userId: b!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: true })
    expect(waiting.status).toBe('WAITLISTED')
    return { reg, sessionId, session, ticket, waiting }
  }
  const paymentOf = (sessionId: string) => db.payment.findUniqueOrThrow({ where: { stripeCheckoutSessionId: sessionId } })
  const statusOf = async (id: string) => (await db.registration.findUniqueOrThrow({ where: { id } })).status

  test('a late "expired" leaves a paid payment and its confirmed registration alone, and is recorded', async () => {
    const { reg, sessionId } = await paidWithWaitingList('late-exp')
    const late = stripeEvent('checkout.session.expired', { id: sessionId, object: 'checkout.session', payment_status: 'unpaid' })
    expect(await handleStripeEvent(db, late)).toBe('ignored')
    expect((await paymentOf(sessionId)).status).toBe('PAID')
    expect(await statusOf(reg.id)).toBe('CONFIRMED')
    expect(await db.stripeEvent.findUnique({ where: { id: late.id } })).not.toBeNull()
    expect(await db.auditLog.count({ where: { type: 'payment.event_ignored', data: { path: ['stripeEventId'], equals: late.id } } })).toBe(1)
  })

  test('a refund from the dashboard cancels the registration and gives its seat to the waiting list', async () => {
    const { reg, sessionId, waiting } = await paidWithWaitingList('dash-refund')
    const refund = stripeEvent('charge.refunded', { id: `ch_${reg.id}`, object: 'charge', payment_intent: `pi_${reg.id}`, amount_refunded: reg.amount })
    expect(await handleStripeEvent(db, refund)).toBe('processed')
    expect(await paymentOf(sessionId)).toMatchObject({ status: 'REFUNDED', refundedAmount: reg.amount })
    expect(await statusOf(reg.id)).toBe('CANCELLED')
    expect(await statusOf(waiting.id)).toBe('PENDING_PAYMENT')
  })

  test('a second "completed" event with a new id does not turn a refunded payment back into paid', async () => {
    const { reg, sessionId, session } = await paidWithWaitingList('re-paid')
    await handleStripeEvent(db, stripeEvent('charge.refunded', { id: `ch_${reg.id}`, object: 'charge', payment_intent: `pi_${reg.id}`, amount_refunded: reg.amount }))
    expect(await handleStripeEvent(db, stripeEvent('checkout.session.completed', session))).toBe('ignored')
    expect((await paymentOf(sessionId)).status).toBe('REFUNDED')
    expect(await statusOf(reg.id)).toBe('CANCELLED')
  })

  test('partial refunds arriving out of order keep the larger total', async () => {
    const { reg, sessionId } = await paidWithWaitingList('partial')
    await handleStripeEvent(db, stripeEvent('charge.refunded', { id: `ch_${reg.id}`, object: 'charge', payment_intent: `pi_${reg.id}`, amount_refunded: 20000 }))
    await handleStripeEvent(db, stripeEvent('charge.refunded', { id: `ch_${reg.id}`, object: 'charge', payment_intent: `pi_${reg.id}`, amount_refunded: 10000 }))
    expect(await paymentOf(sessionId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: 20000 })
    expect(await statusOf(reg.id)).toBe('CONFIRMED')
  })

  test('a dispute flags the payment and cancels the registration, freeing its seat', async () => {
    const { reg, sessionId, waiting } = await paidWithWaitingList('dispute')
    expect(await handleStripeEvent(db, stripeEvent('charge.dispute.created', { id: `dp_${reg.id}`, object: 'dispute', payment_intent: `pi_${reg.id}` }))).toBe('processed')
    expect((await paymentOf(sessionId)).disputedAt).toBeInstanceOf(Date)
    expect(await statusOf(reg.id)).toBe('CANCELLED')
    expect(await statusOf(waiting.id)).toBe('PENDING_PAYMENT')
  })

  test('a signed event without the object it needs is a 400, and nothing is recorded', async () => {
    for (const type of ['checkout.session.completed', 'charge.refunded', 'charge.dispute.created']) {
      const broken = { id: `evt_broken_${type}`, object: 'event', type, created: 0, data: {} } as unknown as Stripe.Event
      await expect(handleStripeEvent(db, broken)).rejects.toMatchObject({ code: 'bad_request', status: 400 })
      expect(await db.stripeEvent.findUnique({ where: { id: broken.id } })).toBeNull()
    }
  })
})
