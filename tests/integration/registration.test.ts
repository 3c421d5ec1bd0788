import { afterAll, describe, expect, test } from 'vitest'
import { cancelRegistration } from '../../app/services/registration/cancel-registration.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { testDatabaseUrl } from '../helpers/db.ts'

// A pool as large as a production node's, so registrations really run side by side.
const db = createPrisma(testDatabaseUrl(), 20)
afterAll(() => db.$disconnect())
const free = { paymentsConfigured: false }

async function seatInvariant(ticketTypeId: string) {
  const t = await db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })
  const holding = await db.registration.count({ where: { ticketTypeId, status: { in: ['CONFIRMED', 'PENDING_PAYMENT', 'PENDING_APPROVAL'] } } })
  return { seatsTaken: t.seatsTaken, holding }
}

test('200 simultaneous registrations for the last 10 seats: exactly 10 confirmed, 190 wait-listed', async () => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id, { quota: 15 })
  const early = await createUsers(db, 5, 'early')
  for (const userId of early) await registerForEvent(db, { userId, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, free)

  const users = await createUsers(db, 200, 'rush')
  const results = await Promise.allSettled(users.map((userId) => registerForEvent(db, { userId, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, free)))
  expect(results.filter((r) => r.status === 'rejected')).toEqual([])
  const statuses = results.map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status)
  expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(10)
  expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(190)
  expect(await db.registration.count({ where: { ticketTypeId: ticket.id, status: 'CONFIRMED' } })).toBe(15)
  expect(await seatInvariant(ticket.id)).toEqual({ seatsTaken: 15, holding: 15 })
})

describe('cancellation', () => {
  test('a cancellation promotes the earliest wait-listed registration automatically', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { quota: 1 })
    const [a, b, c] = await createUsers(db, 3, 'wl')
    const t0 = new Date('2026-11-23T01:00:00Z')
    const first = await registerForEvent(db, { userId: a!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { ...free, now: t0 })
    const second = await registerForEvent(db, { userId: b!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { ...free, now: new Date(t0.getTime() + 1000) })
    const third = await registerForEvent(db, { userId: c!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { ...free, now: new Date(t0.getTime() + 2000) })
    expect([first.status, second.status, third.status]).toEqual(['CONFIRMED', 'WAITLISTED', 'WAITLISTED'])

    const result = await cancelRegistration(db, { registrationId: first.id, actorUserId: a! })
    expect(result.promotedRegistrationId).toBe(second.id)
    expect((await db.registration.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('CONFIRMED')
    expect((await db.registration.findUniqueOrThrow({ where: { id: third.id } })).status).toBe('WAITLISTED')
    expect(await seatInvariant(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
  })

  test('cancelling twice, or someone else’s registration, is refused', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id)
    const [owner, stranger] = await createUsers(db, 2, 'own')
    const reg = await registerForEvent(db, { userId: owner!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, free)
    await expect(cancelRegistration(db, { registrationId: reg.id, actorUserId: stranger! })).rejects.toMatchObject({ code: 'not_found' })
    await cancelRegistration(db, { registrationId: reg.id, actorUserId: owner! })
    await expect(cancelRegistration(db, { registrationId: reg.id, actorUserId: owner! })).rejects.toMatchObject({ code: 'not_cancellable' })
  })

  test('a cancelled attendee may register again', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { quota: 5 })
    const [u] = await createUsers(db, 1, 'again')
    const reg = await registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, free)
    await cancelRegistration(db, { registrationId: reg.id, actorUserId: u! })
    const again = await registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, free)
    expect(again).toMatchObject({ id: reg.id, status: 'CONFIRMED' })
    expect(await seatInvariant(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
  })
})

describe('refusals write nothing', () => {
  test.each([
    ['a second registration by the same person', 'already_registered'],
    ['a paid ticket while payments are not configured', 'payments_not_configured'],
    ['a ticket whose sales have ended', 'sales_closed'],
    ['a ticket of another event', 'not_found'],
    ['invalid answers', 'validation_failed'],
  ])('%s → %s', async (name, code) => {
    const event = await createEvent(db, { registrationQuestions: [{ key: 'institution', labelZh: '单位', labelEn: 'Institution', type: 'text', required: true }] })
    const other = await createEvent(db)
    const ticket = await createTicketType(db, event.id, {
      quota: 10,
      priceNonMember: name.startsWith('a paid') ? 20000 : 0,
      salesEndAt: name.includes('ended') ? new Date('2020-01-01T00:00:00Z') : null,
    })
    const foreign = await createTicketType(db, other.id)
    const [u] = await createUsers(db, 1, 'refuse')
    const answers = name === 'invalid answers' ? {} : { institution: '华山医院' }
    if (name.startsWith('a second')) await registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers }, free)
    const before = await db.registration.count({ where: { userId: u! } })
    const attempt = registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: name.includes('another') ? foreign.id : ticket.id, tier: 'NON_MEMBER', answers }, free)
    await expect(attempt).rejects.toMatchObject({ code })
    expect(await db.registration.count({ where: { userId: u! } })).toBe(before)
    expect(await seatInvariant(ticket.id)).toEqual({ seatsTaken: before, holding: before })
  })
})
