import { afterAll, describe, expect, test } from 'vitest'
import { findOverlaps } from '../../app/domain/agenda.ts'
import { getEventPage } from '../../app/services/events/get-event-page.server.ts'
import { listPublishedEvents } from '../../app/services/events/list-published-events.server.ts'
import { demoAccounts, seedDemo, seedDemoIfEmpty, upcomingShiftMs } from '../../prisma/seed.ts'
import { congressEvent } from '../../prisma/demo-congress.ts'
import { demoEvents } from '../../prisma/demo-data.ts'
import { DEMO_EXAM_EVENT, DEMO_SELF_TEST_TITLE, seedDemoExam } from '../../prisma/demo-exam.ts'
import { testDb } from '../helpers/db.ts'

const db = testDb()
afterAll(() => db.$disconnect())

test('seeds the demo events from the seed stories and one account per role, once', async () => {
  // Other integration files share this database; seed directly, then prove the guard.
  await seedDemo(db)
  expect(await seedDemoIfEmpty(db)).toBe(false)

  for (const a of demoAccounts) {
    expect(await db.user.findUnique({ where: { email: a.email }, select: { role: true } })).toEqual({ role: a.role })
  }
  const events = await listPublishedEvents(db)
  expect(events.map((e) => e.slug)).toEqual(expect.arrayContaining([...demoEvents, congressEvent].map((e) => e.slug)))

  // The largest event: 1 main + 12 parallel sub-forums, 80+ sessions, none overlapping within a forum.
  const congress = await getEventPage(db, congressEvent.slug)
  expect(congress.forums.filter((f) => f.kind === 'SUB')).toHaveLength(12)
  expect(congress.forums.reduce((n, f) => n + f.sessions.length, 0)).toBeGreaterThanOrEqual(80)
  for (const f of congress.forums) expect(findOverlaps(f.sessions)).toEqual([])

  const altitude = await getEventPage(db, 'high-altitude-medicine-forum-2026')
  expect(altitude.forums.filter((f) => f.kind === 'MAIN')).toHaveLength(1)
  expect(altitude.forums.filter((f) => f.kind === 'SUB')).toHaveLength(4)

  const summit = await getEventPage(db, 'shanghai-hospital-management-summit-2026')
  const subs = summit.forums.filter((f) => f.kind === 'SUB')
  expect(subs).toHaveLength(3)
  // The afternoon sub-forums run in parallel…
  expect(findOverlaps(subs.map((f) => ({ id: f.id, startsAt: f.startsAt, endsAt: f.endsAt }))).length).toBeGreaterThan(0)
  // …but sessions inside any one forum never overlap.
  for (const f of [...altitude.forums, ...summit.forums]) expect(findOverlaps(f.sessions)).toEqual([])

  // The training's demo assessment: a bank, an exam open now and the evaluation survey; seeding again adds nothing.
  const training = await db.event.findUniqueOrThrow({ where: { slug: DEMO_EXAM_EVENT }, select: { id: true } })
  const counts = async () =>
    Promise.all([
      db.question.count({ where: { eventId: training.id } }),
      db.exam.count({ where: { eventId: training.id } }),
      db.survey.count({ where: { eventId: training.id } }),
      db.registration.count({ where: { eventId: training.id } }),
    ])
  const before = await counts()
  expect(before).toEqual([10, 2, 1, 1])
  await seedDemoExam(db)
  expect(await counts()).toEqual(before)
  const selfTest = await db.exam.findFirstOrThrow({ where: { eventId: training.id, titleZh: DEMO_SELF_TEST_TITLE } })
  expect(selfTest.opensAt.getTime()).toBeLessThan(Date.now())
  expect(selfTest.closesAt.getTime()).toBeGreaterThan(Date.now())
})

test('an unknown or unpublished event is not found', async () => {
  await expect(getEventPage(db, 'no-such-event')).rejects.toMatchObject({ code: 'not_found', status: 404 })
  await db.event.create({ data: { slug: 'draft-event', titleZh: '草稿', titleEn: 'Draft', startsAt: new Date(), endsAt: new Date(), status: 'DRAFT' } })
  await expect(getEventPage(db, 'draft-event')).rejects.toMatchObject({ code: 'not_found' })
})

describe('upcomingShiftMs keeps the paid demo training ahead', () => {
  const WEEK = 7 * 86_400_000
  const starts = '2026-12-14T08:30:00+08:00'
  test.each<[string, string, number]>([
    ['more than three weeks ahead: stays', '2026-11-01T00:00:00Z', 0],
    ['exactly three weeks ahead: stays', new Date(Date.parse(starts) - 3 * WEEK).toISOString(), 0],
    ['ten days ahead: two weeks later', '2026-12-04T00:30:00Z', 2 * WEEK],
    ['already started: far enough ahead again', '2026-12-20T00:00:00Z', 4 * WEEK],
  ])('%s', (_name, now, shift) => {
    expect(upcomingShiftMs(starts, new Date(now))).toBe(shift)
    expect(Date.parse(starts) + shift - Date.parse(now)).toBeGreaterThanOrEqual(3 * WEEK)
  })
})
