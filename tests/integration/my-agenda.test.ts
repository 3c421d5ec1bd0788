import { afterAll, beforeAll, expect, test } from 'vitest'
import { getStaffEvent } from '../../app/services/events/get-staff-event.server.ts'
import { getMyAgenda } from '../../app/services/registration/get-my-agenda.server.ts'
import { setMyAgenda } from '../../app/services/registration/set-my-agenda.server.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 15, "my agenda": attendees pick the forums they follow (default: the main forum), and
// staff see the expected head count per forum.
const db = testDb()
afterAll(() => db.$disconnect())

let event: Awaited<ReturnType<typeof createEvent>>
let sub: { id: string }
let users: string[]

beforeAll(async () => {
  event = await createEvent(db)
  sub = await db.forum.create({ data: { eventId: event.id, slug: 'sub', kind: 'SUB', titleZh: '分论坛', titleEn: 'Sub', startsAt: event.startsAt, endsAt: event.endsAt } })
  const ticket = await createTicketType(db, event.id)
  users = await createUsers(db, 4, 'agenda')
  const statuses = ['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED'] as const
  for (const [i, userId] of users.entries()) await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: statuses[i]! } })
})

test('nothing chosen: the main forum stands in; a choice replaces it and can be changed', async () => {
  const before = await getMyAgenda(db, { slug: event.slug, userId: users[0]! })
  expect(before.defaulted).toBe(true)
  expect(before.forums.filter((f) => f.chosen).map((f) => f.slug)).toEqual(['main'])
  expect(before.forums.find((f) => f.slug === 'main')!.venue).toMatchObject({ nameEn: 'Main venue' })

  await setMyAgenda(db, { slug: event.slug, userId: users[0]!, forumIds: [sub.id, sub.id] })
  const after = await getMyAgenda(db, { slug: event.slug, userId: users[0]! })
  expect(after.defaulted).toBe(false)
  expect(after.forums.filter((f) => f.chosen).map((f) => f.slug)).toEqual(['sub'])

  await setMyAgenda(db, { slug: event.slug, userId: users[1]!, forumIds: [event.forums[0]!.id, sub.id] })
  expect((await getMyAgenda(db, { slug: event.slug, userId: users[1]! })).forums.filter((f) => f.chosen)).toHaveLength(2)
})

test('a forum of another event is refused and nothing changes; no registration, no agenda', async () => {
  const other = await createEvent(db)
  await expect(setMyAgenda(db, { slug: event.slug, userId: users[0]!, forumIds: [other.forums[0]!.id] })).rejects.toMatchObject({ code: 'validation_failed' })
  expect((await getMyAgenda(db, { slug: event.slug, userId: users[0]! })).forums.filter((f) => f.chosen).map((f) => f.slug)).toEqual(['sub'])
  await expect(getMyAgenda(db, { slug: event.slug, userId: users[3]! })).rejects.toMatchObject({ code: 'forbidden' })
  await expect(setMyAgenda(db, { slug: event.slug, userId: users[3]!, forumIds: [] })).rejects.toMatchObject({ code: 'forbidden' })
})

test('staff see the expected head count per forum: choices of confirmed attendees, the undecided counted in the main forum', async () => {
  const { expectedByForum } = await getStaffEvent(db, event.id)
  // users[0]: sub; users[1]: main and sub; users[2]: nothing (main); users[3]: cancelled.
  expect(expectedByForum).toEqual({ [event.forums[0]!.id]: 2, [sub.id]: 2 })
})
