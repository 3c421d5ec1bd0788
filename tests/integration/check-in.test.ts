import { afterAll, beforeAll, expect, test } from 'vitest'
import { signTicket } from '../../app/domain/ticket-token.ts'
import { checkIn, venueCounts } from '../../app/services/attendance/check-in.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
const secret = 'check-in-test-secret-check-in-test-secret'
afterAll(() => db.$disconnect())

let event: Awaited<ReturnType<typeof createEvent>>
let other: Awaited<ReturnType<typeof createEvent>>
let code = ''
let coordinator = ''
const at = (hhmm: string) => new Date(`2027-03-01T${hhmm}:00+08:00`)
let nonce = 0
const scan = (overrides: Partial<Parameters<typeof checkIn>[1]> = {}) =>
  checkIn(db, { code, venueId: event.venues[0]!.id, kind: 'ENTRY', nonce: `n-${Date.now()}-${nonce++}`, scannedAt: at('09:12'), scannedById: coordinator, ...overrides }, secret)

beforeAll(async () => {
  event = await createEvent(db)
  other = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const [attendee, staff] = await createUsers(db, 2, 'ci')
  coordinator = staff!
  const reg = await registerForEvent(db, { userId: attendee!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
  code = signTicket(secret, reg.id)
})

test('records an entry, and says when and where on a second scan', async () => {
  const first = await scan({ nonce: 'entry-1' })
  expect(first).toMatchObject({ outcome: 'recorded', kind: 'ENTRY', venueNameZh: '主会场' })
  const second = await scan({ scannedAt: at('09:30'), venueId: event.venues[1]!.id })
  expect(second).toMatchObject({ outcome: 'already_in', venueNameZh: '主会场' })
  expect(second.at.toISOString()).toBe(at('09:12').toISOString())
})

test('the same scan sent twice (offline retry) is recorded once', async () => {
  const exit = await scan({ kind: 'EXIT', nonce: 'exit-1', scannedAt: at('12:00') })
  const retry = await scan({ kind: 'EXIT', nonce: 'exit-1', scannedAt: at('12:00') })
  expect(exit.outcome).toBe('recorded')
  expect(retry.outcome).toBe('duplicate')
  expect(await db.checkIn.count({ where: { nonce: 'exit-1' } })).toBe(1)
  // Concurrent copies of one scan: still one row.
  const both = await Promise.all([scan({ nonce: 'race-1', scannedAt: at('13:00'), venueId: event.venues[1]!.id }), scan({ nonce: 'race-1', scannedAt: at('13:00'), venueId: event.venues[1]!.id })])
  expect(both.map((b) => b.outcome).sort()).toEqual(['duplicate', 'recorded'])
  expect(await db.checkIn.count({ where: { nonce: 'race-1' } })).toBe(1)
})

test('live counts per venue follow the latest scan of each person', async () => {
  const counts = await venueCounts(db, event.id)
  expect(counts.map((c) => [c.nameZh, c.inside])).toEqual([
    ['主会场', 0],
    ['分会场甲', 1],
  ])
})

test.each([
  ['a forged code', () => ({ code: code.slice(0, -2) + 'xx' }), 'ticket_invalid'],
  ['a bare registration id', () => ({ code: code.split('.')[1]! }), 'ticket_invalid'],
  ['a ticket for another event', () => ({ venueId: other.venues[0]!.id }), 'ticket_other_event'],
  ['an unknown venue', () => ({ venueId: 'no-such-venue' }), 'not_found'],
])('refuses %s with its own code, writing nothing', async (_name, patch, errorCode) => {
  const before = await db.checkIn.count()
  await expect(scan(patch())).rejects.toMatchObject({ code: errorCode })
  expect(await db.checkIn.count()).toBe(before)
})

test('refuses a wait-listed registration', async () => {
  const ticket = await createTicketType(db, event.id, { quota: 0 })
  const [u] = await createUsers(db, 1, 'ciwl')
  const reg = await registerForEvent(db, { userId: u!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
  expect(reg.status).toBe('WAITLISTED')
  await expect(scan({ code: signTicket(secret, reg.id) })).rejects.toMatchObject({ code: 'ticket_not_confirmed' })
})
