import { afterAll, describe, expect, inject, test, vi } from 'vitest'
import { findOverlaps } from '../../app/domain/agenda.ts'
import { getEventPage } from '../../app/services/events/get-event-page.server.ts'
import { listPublishedEvents } from '../../app/services/events/list-published-events.server.ts'
import { assertDemoLogInAllowed } from '../../app/services/accounts/is-demo-account.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { getEnv } from '../../app/utils/env.server.ts'
import { demoAccounts, seedDemo, seedDemoIfEmpty, seedDemoOnStart, upcomingShiftMs } from '../../prisma/seed.ts'
import { congressEvent } from '../../prisma/demo-congress.ts'
import { demoEvents } from '../../prisma/demo-data.ts'
import { DEMO_EXAM_EVENT, DEMO_SELF_TEST_TITLE, seedDemoExam } from '../../prisma/demo-exam.ts'
import { testDb } from '../helpers/db.ts'
import { copyTemplateDatabase, createTestDatabase } from '../helpers/test-database.ts'

const db = testDb()
afterAll(() => db.$disconnect())

test('seeds the demo events from the seed stories and one account per role, once', async () => {
  // Other integration files share this database (one may have seeded the demo already); seed directly, then prove the guard.
  if (!(await db.event.findUnique({ where: { slug: congressEvent.slug }, select: { id: true } }))) await seedDemo(db)
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

describe('demo data only when asked', () => {
  const ADMIN = 'admin@demo.cme-forum.org'
  // `npm start` runs the server with NODE_ENV=production; these are the settings server.ts passes on.
  const startWith = (vars: Record<string, string>) => {
    const env = getEnv({ NODE_ENV: 'production', ...vars })
    return { demo: env.DEMO, seedDemo: env.SEED_DEMO }
  }

  test('a production start on an empty database seeds nothing unless asked, and --demo (DEMO=1) or yes in the terminal seeds it', async () => {
    // An empty database of its own: this file's database already holds the demo.
    const fresh = inject('databaseKind') === 'embedded' ? await copyTemplateDatabase(inject('databaseUrl')) : await createTestDatabase('seed_empty')
    const empty = createPrisma(fresh.url, 2)
    try {
      // No terminal (a service manager, CI, a container): nothing is seeded.
      expect(await seedDemoOnStart(empty, startWith({}))).toEqual({ seeded: false, demoMode: false, hasDemoAccounts: false })
      // A terminal, and the answer is no (or nothing).
      const no = vi.fn(async () => false)
      expect(await seedDemoOnStart(empty, { ...startWith({}), ask: no })).toMatchObject({ seeded: false, demoMode: false })
      expect(no).toHaveBeenCalledOnce()
      // SEED_DEMO=false is never asked.
      const never = vi.fn(async () => true)
      expect(await seedDemoOnStart(empty, { ...startWith({ SEED_DEMO: 'false' }), ask: never })).toMatchObject({ seeded: false })
      expect(never).not.toHaveBeenCalled()
      expect(await empty.user.count()).toBe(0)
      expect(await empty.user.findUnique({ where: { email: ADMIN } })).toBeNull()

      // Yes in the terminal: seeded, and this process is a demo instance.
      expect(await seedDemoOnStart(empty, { ...startWith({}), ask: async () => true })).toEqual({ seeded: true, demoMode: true, hasDemoAccounts: true })
      expect(await empty.user.findUnique({ where: { email: ADMIN }, select: { role: true } })).toEqual({ role: 'ADMIN' })

      // The next start is not a first start: nothing is asked or seeded again; --demo keeps the demo instance.
      const ask = vi.fn(async () => true)
      expect(await seedDemoOnStart(empty, { ...startWith({}), ask })).toEqual({ seeded: false, demoMode: false, hasDemoAccounts: true })
      expect(await seedDemoOnStart(empty, startWith({ DEMO: '1' }))).toEqual({ seeded: false, demoMode: true, hasDemoAccounts: true })
      expect(ask).not.toHaveBeenCalled()
      expect(await empty.user.count({ where: { email: ADMIN } })).toBe(1)
    } finally {
      await empty.$disconnect()
      await fresh.drop()
    }
  })

  test('DEMO=1 seeds an empty database without asking', async () => {
    const fresh = inject('databaseKind') === 'embedded' ? await copyTemplateDatabase(inject('databaseUrl')) : await createTestDatabase('seed_demo')
    const empty = createPrisma(fresh.url, 2)
    try {
      const ask = vi.fn(async () => false)
      expect(await seedDemoOnStart(empty, { ...startWith({ DEMO: '1' }), ask })).toEqual({ seeded: true, demoMode: true, hasDemoAccounts: true })
      expect(ask).not.toHaveBeenCalled()
      expect(await empty.user.findUnique({ where: { email: ADMIN }, select: { role: true } })).toEqual({ role: 'ADMIN' })
    } finally {
      await empty.$disconnect()
      await fresh.drop()
    }
  })

  test.each<[string, Record<string, string>, string, boolean]>([
    ['a demo account in production', { NODE_ENV: 'production' }, ADMIN, false],
    ['a demo account in production with DEMO=1', { NODE_ENV: 'production', DEMO: '1' }, ADMIN, true],
    ['a demo account in production with SEED_DEMO=true', { NODE_ENV: 'production', SEED_DEMO: 'true' }, ADMIN, true],
    ['a demo account in production with SEED_DEMO=true but DEMO=0', { NODE_ENV: 'production', SEED_DEMO: 'true', DEMO: '0' }, ADMIN, false],
    ['a demo account in development', { NODE_ENV: 'development' }, ADMIN, true],
    ['a real account in production', { NODE_ENV: 'production' }, 'chen@hospital.example', true],
  ])('log-in: %s', (_name, vars, email, allowed) => {
    const check = () => assertDemoLogInAllowed(email, getEnv(vars))
    if (allowed) expect(check).not.toThrow()
    else expect(check).toThrow(expect.objectContaining({ code: 'demo_account_disabled', status: 403 }))
  })
})
