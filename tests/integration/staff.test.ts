import { afterAll, describe, expect, test } from 'vitest'
import { addForum } from '../../app/services/add-forum.server.ts'
import { addSession } from '../../app/services/add-session.server.ts'
import { decideRegistration } from '../../app/services/decide-registration.server.ts'
import { registerForEvent } from '../../app/services/register-for-event.server.ts'
import { saveEvent } from '../../app/services/save-event.server.ts'
import { testDb } from '../helpers/db.ts'
import { createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())
const ctx = {}
let n = 0
const newEvent = () =>
  saveEvent(db, { form: { slug: `staff-${Date.now()}-${n++}`, titleZh: '管理测试', titleEn: 'Staff test', summaryZh: '', summaryEn: '', timeZone: 'Asia/Shanghai', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T17:30' } }, ctx)

describe('programme rules', () => {
  test('times are read in the event time zone', async () => {
    const event = await newEvent()
    expect(event.startsAt.toISOString()).toBe('2027-05-20T00:30:00.000Z')
    expect(event.status).toBe('DRAFT')
  })

  test('items in one forum may not overlap; parallel sub-forums may', async () => {
    const event = await newEvent()
    const main = await addForum(db, event.id, { kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }, ctx)
    const sub = await addForum(db, event.id, { kind: 'SUB', slug: 'sub-1', titleZh: '分论坛一', titleEn: 'Sub 1', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }, ctx)
    await addSession(db, event.id, { forumId: main.id, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00' }, ctx)
    // Back to back is fine.
    await addSession(db, event.id, { forumId: main.id, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: '2027-05-20T10:00', endsAt: '2027-05-20T10:30' }, ctx)
    // Same time in a parallel forum is fine.
    await addSession(db, event.id, { forumId: sub.id, kind: 'TALK', titleZh: '平行报告', titleEn: 'Parallel', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00' }, ctx)
    // Overlap in the same forum: refused, naming the clash in the event's time.
    const refused = addSession(db, event.id, { forumId: main.id, kind: 'PANEL', titleZh: '讨论', titleEn: 'Panel', startsAt: '2027-05-20T09:30', endsAt: '2027-05-20T11:00' }, ctx)
    await expect(refused).rejects.toMatchObject({ code: 'session_overlap', status: 409, details: { titleZh: '报告一', time: '09:00–10:00' } })
    expect(await db.session.count({ where: { forumId: main.id } })).toBe(2)
  })

  test('an event has one main forum; end must follow start; slugs are unique', async () => {
    const event = await newEvent()
    await addForum(db, event.id, { kind: 'MAIN', slug: 'main', titleZh: '主', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }, ctx)
    await expect(addForum(db, event.id, { kind: 'MAIN', slug: 'main-2', titleZh: '主二', titleEn: 'Main 2', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }, ctx)).rejects.toMatchObject({ code: 'conflict', details: { fields: { kind: 'validation.oneMainForum' } } })
    await expect(addForum(db, event.id, { kind: 'SUB', slug: 'main', titleZh: '重名', titleEn: 'Dup', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }, ctx)).rejects.toMatchObject({ details: { fields: { slug: 'validation.slugTaken' } } })
    await expect(addForum(db, event.id, { kind: 'SUB', slug: 'late', titleZh: '倒序', titleEn: 'Backwards', startsAt: '2027-05-20T12:00', endsAt: '2027-05-20T08:30' }, ctx)).rejects.toMatchObject({ details: { fields: { endsAt: 'validation.endBeforeStart' } } })
    await expect(saveEvent(db, { form: { slug: event.slug, titleZh: 'x', titleEn: 'x', summaryZh: '', summaryEn: '', timeZone: 'Asia/Shanghai', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T17:30' } }, ctx)).rejects.toMatchObject({ details: { fields: { slug: 'validation.slugTaken' } } })
  })
})

test('approval: approve confirms a free registration; reject frees the seat for the waiting list', async () => {
  const event = await newEvent()
  await db.event.update({ where: { id: event.id }, data: { status: 'PUBLISHED' } })
  const ticket = await createTicketType(db, event.id, { quota: 1, requiresApproval: true })
  const [a, b] = await createUsers(db, 2, 'appr')
  const first = await registerForEvent(db, { userId: a!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
  const second = await registerForEvent(db, { userId: b!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
  expect([first.status, second.status]).toEqual(['PENDING_APPROVAL', 'WAITLISTED'])
  await decideRegistration(db, { eventId: event.id, registrationId: first.id, decision: 'reject' }, ctx)
  expect((await db.registration.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('REJECTED')
  expect((await db.registration.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('PENDING_APPROVAL')
  await decideRegistration(db, { eventId: event.id, registrationId: second.id, decision: 'approve' }, ctx)
  expect((await db.registration.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('CONFIRMED')
  await expect(decideRegistration(db, { eventId: event.id, registrationId: second.id, decision: 'reject' }, ctx)).rejects.toMatchObject({ code: 'conflict' })
  expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).seatsTaken).toBe(1)
})
