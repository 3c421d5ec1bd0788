import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listPublishedEvents } from '../../app/services/events/list-published-events.server.ts'
import { setEventLifecycle } from '../../app/services/events/set-event-lifecycle.server.ts'
import { listEventAssessments } from '../../app/services/exams/list-event-assessments.server.ts'
import { getRegistrationOptions } from '../../app/services/registration/get-registration-options.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 15, "events that end": the lifecycle drives registration, the events list and the
// links of an archived event; staff can override it (audited).
const db = testDb()
afterAll(() => db.$disconnect())

const NOW = new Date('2027-06-15T04:00:00Z')
const HOURS = 3600_000
let past: Awaited<ReturnType<typeof createEvent>>
let running: Awaited<ReturnType<typeof createEvent>>
let soon: Awaited<ReturnType<typeof createEvent>>
let userIds: string[]
const word = `lifecycle${Date.now()}`

beforeAll(async () => {
  past = await createEvent(db, { startsAt: new Date(NOW.getTime() - 48 * HOURS) })
  running = await createEvent(db, { startsAt: new Date(NOW.getTime() - 2 * HOURS) })
  soon = await createEvent(db, { startsAt: new Date(NOW.getTime() + 24 * HOURS) })
  for (const e of [past, running, soon]) {
    await db.event.update({ where: { id: e.id }, data: { summaryZh: `${word} 摘要` } })
    await createTicketType(db, e.id)
  }
  userIds = await createUsers(db, 3, 'lifecycle')
})

const ticketOf = async (eventId: string) => (await db.ticketType.findFirstOrThrow({ where: { eventId }, select: { id: true } })).id
const register = async (eventId: string, userId: string) =>
  registerForEvent(db, { userId, eventId, ticketTypeId: await ticketOf(eventId), tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false, now: NOW })

describe('registration closes when an event ends', () => {
  test('an ended event refuses registration with registration_closed, takes no seat, and its form says so instead of a 404', async () => {
    await expect(register(past.id, userIds[0]!)).rejects.toMatchObject({ code: 'registration_closed', status: 409 })
    expect((await db.ticketType.findFirstOrThrow({ where: { eventId: past.id } })).seatsTaken).toBe(0)
    expect(await db.registration.count({ where: { eventId: past.id } })).toBe(0)
    expect(await getRegistrationOptions(db, past.slug, userIds[0]!, NOW)).toMatchObject({ closed: 'ended' })
  })

  test('a running event still takes registrations', async () => {
    expect(await getRegistrationOptions(db, running.slug, userIds[0]!, NOW)).toMatchObject({ closed: null })
    expect(await register(running.id, userIds[0]!)).toMatchObject({ status: 'CONFIRMED' })
  })

  test('a forum overrunning past the end keeps it open; staff can keep it open or end it; archived stays readable', async () => {
    await db.forum.updateMany({ where: { eventId: past.id }, data: { liveStatus: 'LIVE' } })
    expect(await getRegistrationOptions(db, past.slug, userIds[1]!, NOW)).toMatchObject({ closed: null })
    await db.forum.updateMany({ where: { eventId: past.id }, data: { liveStatus: 'ENDED' } })

    await setEventLifecycle(db, past.id, 'OPEN', {})
    expect(await register(past.id, userIds[1]!)).toMatchObject({ status: 'CONFIRMED' })

    await setEventLifecycle(db, soon.id, 'ENDED', {})
    await expect(register(soon.id, userIds[1]!)).rejects.toMatchObject({ code: 'registration_closed' })

    await setEventLifecycle(db, past.id, 'ARCHIVED', {})
    expect(await getRegistrationOptions(db, past.slug, userIds[2]!, NOW)).toMatchObject({ closed: 'archived' })
    // The ticket's link to the assessments page works on an archived event.
    expect(await listEventAssessments(db, { slug: past.slug, userId: userIds[1]! })).toMatchObject({ event: { id: past.id } })
    const audit = await db.auditLog.findMany({ where: { type: 'event.lifecycle_set' }, select: { data: true } })
    expect(audit.map((a) => (a.data as { eventId: string }).eventId)).toEqual(expect.arrayContaining([past.id, soon.id]))

    await setEventLifecycle(db, past.id, 'auto', {})
    await setEventLifecycle(db, soon.id, 'auto', {})
  })

  test('a draft cannot be ended or archived: it is published first', async () => {
    const draft = await createEvent(db)
    await db.event.update({ where: { id: draft.id }, data: { status: 'DRAFT' } })
    await expect(setEventLifecycle(db, draft.id, 'ENDED', {})).rejects.toMatchObject({ code: 'conflict' })
  })
})

describe('the events list', () => {
  test('running and upcoming first, then past ones; search finds by summary, city and organiser; filters by when and date', async () => {
    const mine = await listPublishedEvents(db, { q: word }, NOW)
    expect(mine.map((e) => e.id)).toEqual([running.id, soon.id, past.id])
    expect(mine.map((e) => e.lifecycle)).toEqual(['live', 'upcoming', 'ended'])

    expect((await listPublishedEvents(db, { q: word, when: 'past' }, NOW)).map((e) => e.id)).toEqual([past.id])
    expect((await listPublishedEvents(db, { q: word, when: 'upcoming' }, NOW)).map((e) => e.id)).toEqual([running.id, soon.id])

    const day = (d: Date) => new Date(d.getTime() + 8 * HOURS).toISOString().slice(0, 10)
    expect((await listPublishedEvents(db, { q: word, from: day(soon.startsAt) }, NOW)).map((e) => e.id)).toEqual([soon.id])
    expect((await listPublishedEvents(db, { q: word, to: day(past.endsAt) }, NOW)).map((e) => e.id)).toEqual([past.id])

    await db.venue.updateMany({ where: { eventId: soon.id, kind: 'MAIN' }, data: { city: `杭州${word}` } })
    expect((await listPublishedEvents(db, { q: `杭州${word}` }, NOW)).map((e) => e.id)).toEqual([soon.id])
    const org = await db.organisation.create({ data: { nameZh: `主办${word}`, nameEn: `Host ${word}` } })
    await db.eventOrganisation.create({ data: { eventId: running.id, organisationId: org.id, role: 'HOST' } })
    expect((await listPublishedEvents(db, { q: `host ${word}` }, NOW)).map((e) => e.id)).toEqual([running.id])

    // Every fixture event has venues: "online only" finds none of them, "at a venue" finds all.
    expect(await listPublishedEvents(db, { q: word, attend: 'online' }, NOW)).toEqual([])
    expect(await listPublishedEvents(db, { q: word, attend: 'venue' }, NOW)).toHaveLength(3)
  })

  test('filters by topic, composing with search, when and attendance; a search word that names a topic finds its events; cards carry their topics', async () => {
    await db.event.update({ where: { id: past.id }, data: { topics: ['cardiology', 'nursing'] } })
    await db.event.update({ where: { id: soon.id }, data: { topics: ['nursing'] } })
    // A key since retired from the list is neither shown nor an error.
    await db.event.update({ where: { id: running.id }, data: { topics: ['oncology', 'retired-topic'] } })
    const ids = async (filters: Parameters<typeof listPublishedEvents>[1]) => (await listPublishedEvents(db, { q: word, ...filters }, NOW)).map((e) => e.id)

    expect(await ids({ topic: 'nursing' })).toEqual([soon.id, past.id])
    expect(await ids({ topic: 'cardiology' })).toEqual([past.id])
    expect(await ids({ topic: 'surgery' })).toEqual([])
    expect(await ids({ topic: 'nursing', when: 'upcoming' })).toEqual([soon.id])
    expect(await ids({ topic: 'nursing', attend: 'online' })).toEqual([])
    expect(await ids({ topic: 'nursing', to: new Date(past.endsAt.getTime() + 8 * HOURS).toISOString().slice(0, 10) })).toEqual([past.id])

    const cards = await listPublishedEvents(db, { q: word }, NOW)
    expect(cards.map((e) => [e.id, e.topics])).toEqual([
      [running.id, ['oncology']],
      [soon.id, ['nursing']],
      [past.id, ['cardiology', 'nursing']],
    ])
    // "心血管" is in no title or summary here: the word finds the event filed under Cardiology.
    expect((await listPublishedEvents(db, { q: `心血管 ${word}` }, NOW)).map((e) => e.id)).toEqual([past.id])
    expect((await listPublishedEvents(db, { q: `Cardiology ${word}` }, NOW)).map((e) => e.id)).toEqual([past.id])
  })
})
