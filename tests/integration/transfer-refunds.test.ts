import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { transferRefundSchema } from '../../app/schemas/eligibility.ts'
import { confirmBankTransfer } from '../../app/services/registration/confirm-bank-transfer.server.ts'
import { getPaymentsDesk } from '../../app/services/registration/get-payments-desk.server.ts'
import { getTicket } from '../../app/services/registration/get-ticket.server.ts'
import { groupBankTransfers } from '../../app/services/registration/group-bank-transfers.server.ts'
import { handleStripeEvent } from '../../app/services/registration/handle-stripe-webhook.server.ts'
import { refundBankTransfer } from '../../app/services/registration/refund-bank-transfer.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { saveBankAccount } from '../../app/services/registration/save-bank-account.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { testDatabaseUrl } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = createPrisma(testDatabaseUrl(), 5)
afterAll(() => db.$disconnect())
let staffId = ''
beforeAll(async () => {
  ;[staffId] = (await createUsers(db, 1, 'rf-staff')) as [string]
})

const NOW = new Date('2026-12-01T02:00:00Z')
const DAY = new Date('2026-12-03T00:00:00Z')

async function transferEvent(quota: number | null = null) {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id, { priceNonMember: 120000, quota })
  await saveBankAccount(db, event.id, { enabled: 'on', accountName: '中华医学会', bankName: '工商银行北京东四支行', accountNumber: '0200001009014412345', holdDays: 7 }, {})
  return { event, ticket }
}

async function paidByTransfer(eventId: string, ticketTypeId: string, label: string) {
  const [u] = await createUsers(db, 1, label)
  const reg = await registerForEvent(db, { userId: u!, eventId, ticketTypeId, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' }, { paymentsConfigured: false, now: NOW })
  const { bankTransferId } = await db.registration.findUniqueOrThrow({ where: { id: reg.id }, select: { bankTransferId: true } })
  await confirmBankTransfer(db, { eventId, transferId: bankTransferId! }, {}, NOW)
  return { reg, userId: u!, transferId: bankTransferId! }
}

async function issueCertificate(eventId: string, registrationId: string) {
  const reg = await db.registration.findUniqueOrThrow({ where: { id: registrationId } })
  const rule = await db.creditRule.create({ data: { eventId, nameZh: '学分', nameEn: 'Credit', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
  return db.certificate.create({
    data: { ruleId: rule.id, eventId, userId: reg.userId, registrationId, code: `refund-${registrationId}-${Math.random()}`, credits: 1, holderName: 'x', criteria: {}, issuedAt: NOW },
  })
}

async function seats(ticketTypeId: string) {
  const t = await db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })
  const holding = await db.registration.count({ where: { ticketTypeId, status: { in: ['CONFIRMED', 'PENDING_PAYMENT', 'PENDING_APPROVAL'] } } })
  return { seatsTaken: t.seatsTaken, holding }
}

const refund = (eventId: string, registrationId: string, amount = 120000) => refundBankTransfer(db, { eventId, registrationId, amount, refundedOn: DAY, reference: 'HX20261203-001' }, staffId, {}, NOW)

describe('refunds by transfer', () => {
  test('a refund cancels the registration, frees the seat for the waiting list and flags the certificate; a repeat changes nothing', async () => {
    const { event, ticket } = await transferEvent(1)
    const { reg, userId } = await paidByTransfer(event.id, ticket.id, 'rf')
    const [w] = await createUsers(db, 1, 'rf-wait')
    const waiting = await registerForEvent(
      db,
      { userId: w!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' },
      { paymentsConfigured: false, now: NOW },
    )
    expect(waiting.status).toBe('WAITLISTED')
    const certificate = await issueCertificate(event.id, reg.id)

    const result = await refund(event.id, reg.id)
    expect(result).toMatchObject({ changed: true, flaggedCertificates: 1, promotedRegistrationId: waiting.id })
    expect(await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).toMatchObject({ status: 'CANCELLED' })
    expect(await db.transferRefund.findUniqueOrThrow({ where: { registrationId: reg.id } })).toMatchObject({ amount: 120000, refundedOn: DAY, reference: 'HX20261203-001', recordedById: staffId })
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('PENDING_PAYMENT')
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    // Flagged for review, never revoked.
    expect(await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).toMatchObject({ status: 'VALID', reviewReason: 'registration_refunded', reviewFlaggedAt: NOW })
    expect(await db.auditLog.count({ where: { type: 'registration.refunded_by_transfer', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)

    expect(await refund(event.id, reg.id)).toMatchObject({ changed: false })
    expect(await db.transferRefund.count({ where: { registrationId: reg.id } })).toBe(1)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    expect(await db.auditLog.count({ where: { type: 'registration.refunded_by_transfer', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)

    const ticketView = await getTicket(db, { registrationId: reg.id, userId }, 'secret')
    expect(ticketView.transferRefund).toMatchObject({ amount: 120000 })
    const desk = await getPaymentsDesk(db, event.id)
    const row = desk.transfers.flatMap((t) => t.registrations).find((r) => r.id === reg.id)
    expect(row?.transferRefund).toMatchObject({ amount: 120000, reference: 'HX20261203-001' })
  })

  test('concurrent refunds of one registration record one', async () => {
    const { event, ticket } = await transferEvent()
    const { reg } = await paidByTransfer(event.id, ticket.id, 'rf-race')
    const results = await Promise.all([refund(event.id, reg.id), refund(event.id, reg.id), refund(event.id, reg.id)])
    expect(results.filter((r) => r.changed)).toHaveLength(1)
    expect(await db.transferRefund.count({ where: { registrationId: reg.id } })).toBe(1)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })

  test('one member of a hospital group transfer is refunded its share', async () => {
    const { event, ticket } = await transferEvent()
    const ids: string[] = []
    for (const label of ['g1', 'g2']) {
      const [u] = await createUsers(db, 1, label)
      const r = await registerForEvent(
        db,
        { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' },
        { paymentsConfigured: false, now: NOW },
      )
      ids.push(r.id)
    }
    const group = await groupBankTransfers(db, { eventId: event.id, registrationIds: ids, payerName: '协和医院' }, {})
    await confirmBankTransfer(db, { eventId: event.id, transferId: group.id }, {}, NOW)
    await expect(refund(event.id, ids[0]!, 240000)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: { amount: 'eligibility.refund.badAmount' } } })
    expect(await refund(event.id, ids[0]!, 120000)).toMatchObject({ changed: true })
    expect((await db.registration.findUniqueOrThrow({ where: { id: ids[1]! } })).status).toBe('CONFIRMED')
  })

  test('a registration not paid by a received transfer cannot be refunded by transfer; nothing is written', async () => {
    const { event, ticket } = await transferEvent()
    const [u] = await createUsers(db, 1, 'rf-await')
    const awaiting = await registerForEvent(
      db,
      { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' },
      { paymentsConfigured: false, now: NOW },
    )
    const error = await refund(event.id, awaiting.id).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'not_refundable', status: 409 })
    expect(await db.transferRefund.count({ where: { registrationId: awaiting.id } })).toBe(0)
    expect((await db.registration.findUniqueOrThrow({ where: { id: awaiting.id } })).status).toBe('PENDING_PAYMENT')
    // Another event's staff cannot refund it.
    const other = await createEvent(db)
    await expect(refund(other.id, awaiting.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  test.each([
    [{ amount: 'abc', refundedOn: '2026-12-03', reference: 'X' }, 'amount'],
    [{ amount: '0', refundedOn: '2026-12-03', reference: 'X' }, 'amount'],
    [{ amount: '1200.001', refundedOn: '2026-12-03', reference: 'X' }, 'amount'],
    [{ amount: '1200', refundedOn: '2026-02-30', reference: 'X' }, 'refundedOn'],
    [{ amount: '1200', refundedOn: '', reference: 'X' }, 'refundedOn'],
    [{ amount: '1200', refundedOn: '2026-12-03', reference: ' ' }, 'reference'],
  ])('the refund form refuses %o (field %s)', (form, field) => {
    const parsed = transferRefundSchema.safeParse({ intent: 'refund', registrationId: 'clx0000000000000000000000', ...form })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => i.path[0])).toContain(field)
  })

  test('the refund form reads yuan into fen', () => {
    const parsed = transferRefundSchema.parse({ intent: 'refund', registrationId: 'clx0000000000000000000000', amount: '1,200.50', refundedOn: '2026-12-03', reference: 'HX1' })
    expect(parsed).toMatchObject({ amount: 120050, refundedOn: DAY, reference: 'HX1' })
  })
})

describe('refunds by Stripe', () => {
  let seq = 0
  const stripeEvent = (type: string, object: Record<string, unknown>) => ({ id: `evt_rf_${Date.now()}_${seq++}`, object: 'event', type, created: 0, data: { object } }) as unknown as Stripe.Event

  async function paidByCard(eventId: string, ticketTypeId: string, label: string) {
    const [u] = await createUsers(db, 1, label)
    const reg = await registerForEvent(db, { userId: u!, eventId, ticketTypeId, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: true, now: NOW })
    await db.payment.create({ data: { registrationId: reg.id, stripeCheckoutSessionId: `cs_rf_${reg.id}`, amount: reg.amount, currency: 'cny' } })
    await handleStripeEvent(db, stripeEvent('checkout.session.completed', { id: `cs_rf_${reg.id}`, payment_status: 'paid', payment_intent: `pi_rf_${reg.id}` }), NOW)
    return reg
  }

  test('a full refund cancels the registration, frees the seat and flags the certificate in the same transaction; a redelivery changes nothing', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { priceNonMember: 50000, quota: 1 })
    const reg = await paidByCard(event.id, ticket.id, 'sr')
    const certificate = await issueCertificate(event.id, reg.id)
    const refunded = stripeEvent('charge.refunded', { id: `ch_${reg.id}`, payment_intent: `pi_rf_${reg.id}`, amount_refunded: 50000 })
    expect(await handleStripeEvent(db, refunded, NOW)).toBe('processed')
    expect((await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).status).toBe('CANCELLED')
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
    expect(await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).toMatchObject({ status: 'VALID', reviewReason: 'registration_refunded' })
    expect(await handleStripeEvent(db, refunded, NOW)).toBe('duplicate')
    expect(await db.auditLog.count({ where: { type: 'certificate.flagged_for_review', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)
  })

  test('a partial refund after the attendee cancelled flags the certificate too; one that keeps the registration does not', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { priceNonMember: 50000 })
    const cancelled = await paidByCard(event.id, ticket.id, 'sr-c')
    const kept = await paidByCard(event.id, ticket.id, 'sr-k')
    const [c1, c2] = [await issueCertificate(event.id, cancelled.id), await issueCertificate(event.id, kept.id)]
    await db.registration.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED' } })
    await handleStripeEvent(db, stripeEvent('charge.refunded', { id: `ch_${cancelled.id}`, payment_intent: `pi_rf_${cancelled.id}`, amount_refunded: 25000 }), NOW)
    await handleStripeEvent(db, stripeEvent('charge.refunded', { id: `ch_${kept.id}`, payment_intent: `pi_rf_${kept.id}`, amount_refunded: 25000 }), NOW)
    expect((await db.certificate.findUniqueOrThrow({ where: { id: c1.id } })).reviewReason).toBe('registration_refunded')
    expect((await db.certificate.findUniqueOrThrow({ where: { id: c2.id } })).reviewFlaggedAt).toBeNull()
    expect((await db.registration.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe('CONFIRMED')
  })
})
