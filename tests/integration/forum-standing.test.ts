import { afterAll, beforeAll, expect, test } from 'vitest'
import { getForumStanding } from '../../app/services/events/get-forum-standing.server.ts'
import { createEvent, createUsers } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 16: the forum page asks whether the visitor moderates the forum and whether its replay
// is open in one statement. Its replay window is tested in replays.test.ts.
const db = testDb()
afterAll(() => db.$disconnect())

let forumId = ''
let otherForumId = ''
let ids: { moderator: string; elsewhere: string; nobody: string }

beforeAll(async () => {
  const event = await createEvent(db)
  forumId = event.forums[0]!.id
  otherForumId = (await createEvent(db)).forums[0]!.id
  const [moderator, elsewhere, nobody] = await createUsers(db, 3, 'standing')
  ids = { moderator: moderator!, elsewhere: elsewhere!, nobody: nobody! }
  await db.forumModerator.createMany({
    data: [
      { forumId, userId: ids.moderator },
      { forumId: otherForumId, userId: ids.elsewhere },
    ],
  })
})

test.each([
  ['named a moderator of this forum', 'moderator', true],
  ['a moderator of another forum only', 'elsewhere', false],
  ['nobody in particular', 'nobody', false],
  ['an anonymous visitor', null, false],
] as const)('%s: moderates %s', async (_label, who, moderates) => {
  const standing = await getForumStanding(db, { forumId, userId: who === null ? null : ids[who] })
  expect(standing).toEqual({ moderates, replayAvailable: false })
})

test('a forum that does not exist: nobody moderates it, no replay', async () => {
  expect(await getForumStanding(db, { forumId: 'no-such-forum', userId: ids.moderator })).toEqual({ moderates: false, replayAvailable: false })
})
