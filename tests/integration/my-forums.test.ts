import { afterAll, beforeAll, expect, test } from 'vitest'
import { listMyForums } from '../../app/services/live/list-my-forums.server.ts'
import { createEvent, createUsers } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 15: "my forums" lists, for moderators and speakers, every forum they are assigned to.
const db = testDb()
afterAll(() => db.$disconnect())

let ids: { moderator: string; speaker: string; nobody: string }
let main: { id: string; slug: string }
let sub: { id: string; slug: string }
let draftForum: { id: string }

beforeAll(async () => {
  const event = await createEvent(db, { startsAt: new Date('2027-05-20T00:30:00Z') })
  main = event.forums[0]!
  sub = await db.forum.create({
    data: { eventId: event.id, slug: 'sub', kind: 'SUB', titleZh: '分论坛', titleEn: 'Sub', startsAt: new Date('2027-05-20T05:30:00Z'), endsAt: new Date('2027-05-20T09:00:00Z') },
  })
  const draft = await createEvent(db)
  await db.event.update({ where: { id: draft.id }, data: { status: 'DRAFT' } })
  draftForum = draft.forums[0]!
  const [moderator, speaker, nobody] = await createUsers(db, 3, 'myforums')
  ids = { moderator: moderator!, speaker: speaker!, nobody: nobody! }
  await db.forumModerator.createMany({
    data: [
      { forumId: main.id, userId: ids.moderator },
      { forumId: draftForum.id, userId: ids.moderator },
    ],
  })
  const person = await db.speaker.create({ data: { userId: ids.speaker, nameZh: '林晓峰', nameEn: 'Lin Xiaofeng' } })
  const talk = await db.session.create({
    data: { forumId: sub.id, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: new Date('2027-05-20T06:00:00Z'), endsAt: new Date('2027-05-20T06:30:00Z') },
  })
  await db.sessionSpeaker.create({ data: { sessionId: talk.id, speakerId: person.id } })
  await db.forumHost.create({ data: { forumId: sub.id, speakerId: person.id, role: 'CHAIR' } })
  await db.stageInvitation.create({ data: { forumId: main.id, userId: ids.speaker } })
})

test('a moderator sees the forum they moderate with the console, never a draft event', async () => {
  const forums = await listMyForums(db, ids.moderator, new Date('2027-05-19T00:00:00Z'))
  expect(forums.map((f) => ({ id: f.id, roles: f.roles, link: f.link }))).toEqual([{ id: main.id, roles: ['MODERATOR'], link: 'console' }])
})

test('a speaker sees each forum once with every role (talk, chair, invitation), soonest first, with the stage link', async () => {
  const forums = await listMyForums(db, ids.speaker, new Date('2027-05-19T00:00:00Z'))
  expect(forums.map((f) => ({ id: f.id, roles: f.roles, link: f.link }))).toEqual([
    { id: main.id, roles: ['INVITED'], link: 'stage' },
    { id: sub.id, roles: ['CHAIR', 'SPEAKER'], link: 'stage' },
  ])
  expect(forums[0]!.event.timeZone).toBe('Asia/Shanghai')
})

test('someone with no assignment sees none', async () => {
  expect(await listMyForums(db, ids.nobody, new Date())).toEqual([])
})
