import { afterAll, expect, test } from 'vitest'
import { getForumStatuses } from '../../app/services/events/get-forum-statuses.server.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 15: the live page's forum switcher follows the forums' live status (GET /api/events/<slug>/forum-status).
const db = testDb()
afterAll(() => db.$disconnect())

test('each forum of a published event with its live status, read at most every 5 s per event', async () => {
  const event = await createEvent(db)
  const main = event.forums[0]!
  const t0 = Date.now()
  expect(await getForumStatuses(db, event.slug, t0)).toEqual({ forums: [{ id: main.id, slug: 'main', liveStatus: 'OFFLINE' }] })
  await db.forum.update({ where: { id: main.id }, data: { liveStatus: 'LIVE' } })
  // Within the window the process answers from memory; after it, from the database.
  expect((await getForumStatuses(db, event.slug, t0 + 4_000)).forums[0]!.liveStatus).toBe('OFFLINE')
  expect((await getForumStatuses(db, event.slug, t0 + 6_000)).forums[0]!.liveStatus).toBe('LIVE')
})

test('a draft or unknown event is not found', async () => {
  const draft = await createEvent(db)
  await db.event.update({ where: { id: draft.id }, data: { status: 'DRAFT' } })
  await expect(getForumStatuses(db, draft.slug)).rejects.toMatchObject({ code: 'not_found' })
  await expect(getForumStatuses(db, 'no-such-event')).rejects.toMatchObject({ code: 'not_found' })
})
