import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { addForum } from '../../app/services/events/add-forum.server.ts'
import { addSession } from '../../app/services/events/add-session.server.ts'
import { decideRegistration } from '../../app/services/registration/decide-registration.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { saveEvent } from '../../app/services/events/save-event.server.ts'
import { eventSettingsSchema, forumFormSchema, organisationFormSchema, sessionFormSchema, ticketTypeFormSchema, venueFormSchema } from '../../app/schemas/staff.ts'
import { addTicketType } from '../../app/services/events/add-ticket-type.server.ts'
import { saveEventSettings } from '../../app/services/events/save-event-settings.server.ts'
import { addOrganisation } from '../../app/services/events/add-organisation.server.ts'
import { addVenue } from '../../app/services/events/add-venue.server.ts'
import { removeSession } from '../../app/services/events/remove-session.server.ts'
import { removeForum } from '../../app/services/events/remove-forum.server.ts'
import { removeTicketType } from '../../app/services/events/remove-ticket-type.server.ts'
import { removeVenue } from '../../app/services/events/remove-venue.server.ts'
import { updateForum } from '../../app/services/events/update-forum.server.ts'
import { updateSession } from '../../app/services/events/update-session.server.ts'
import { updateTicketType } from '../../app/services/events/update-ticket-type.server.ts'
import { closeTicketType } from '../../app/services/events/close-ticket-type.server.ts'
import { updateVenue } from '../../app/services/events/update-venue.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())
const ctx = {}
// Inputs go through the same schemas as the console's forms.
const F = (form: Record<string, string>) => forumFormSchema.parse(form)
const S = (form: Record<string, string>) => sessionFormSchema.parse(form)
let n = 0
const newEvent = () =>
  saveEvent(
    db,
    {
      form: {
        slug: `staff-${Date.now()}-${n++}`,
        titleZh: '管理测试',
        titleEn: 'Staff test',
        summaryZh: '',
        summaryEn: '',
        timeZone: 'Asia/Shanghai',
        startsAt: '2027-05-20T08:30',
        endsAt: '2027-05-20T17:30',
      },
    },
    ctx,
  )

describe('programme rules', () => {
  test('times are read in the event time zone', async () => {
    const event = await newEvent()
    expect(event.startsAt.toISOString()).toBe('2027-05-20T00:30:00.000Z')
    expect(event.status).toBe('DRAFT')
  })

  test('items in one forum may not overlap; parallel sub-forums may', async () => {
    const event = await newEvent()
    const main = await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    const sub = await addForum(db, event.id, F({ kind: 'SUB', slug: 'sub-1', titleZh: '分论坛一', titleEn: 'Sub 1', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    await addSession(db, event.id, S({ forumId: main.id, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00' }), ctx)
    // Back to back is fine.
    await addSession(db, event.id, S({ forumId: main.id, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: '2027-05-20T10:00', endsAt: '2027-05-20T10:30' }), ctx)
    // Same time in a parallel forum is fine.
    await addSession(db, event.id, S({ forumId: sub.id, kind: 'TALK', titleZh: '平行报告', titleEn: 'Parallel', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00' }), ctx)
    // Overlap in the same forum: refused, naming the clash in the event's time.
    const refused = addSession(db, event.id, S({ forumId: main.id, kind: 'PANEL', titleZh: '讨论', titleEn: 'Panel', startsAt: '2027-05-20T09:30', endsAt: '2027-05-20T11:00' }), ctx)
    await expect(refused).rejects.toMatchObject({ code: 'session_overlap', status: 409, details: { titleZh: '报告一', time: '09:00–10:00' } })
    expect(await db.session.count({ where: { forumId: main.id } })).toBe(2)
  })

  test('an event has one main forum; end must follow start; slugs are unique', async () => {
    const event = await newEvent()
    await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    await expect(addForum(db, event.id, F({ kind: 'MAIN', slug: 'main-2', titleZh: '主二', titleEn: 'Main 2', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)).rejects.toMatchObject({
      code: 'conflict',
      details: { fields: { kind: 'validation.oneMainForum' } },
    })
    await expect(addForum(db, event.id, F({ kind: 'SUB', slug: 'main', titleZh: '重名', titleEn: 'Dup', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)).rejects.toMatchObject({
      details: { fields: { slug: 'validation.slugTaken' } },
    })
    await expect(addForum(db, event.id, F({ kind: 'SUB', slug: 'late', titleZh: '倒序', titleEn: 'Backwards', startsAt: '2027-05-20T12:00', endsAt: '2027-05-20T08:30' }), ctx)).rejects.toMatchObject({
      details: { fields: { endsAt: 'validation.endBeforeStart' } },
    })
    await expect(
      saveEvent(db, { form: { slug: event.slug, titleZh: 'x', titleEn: 'x', summaryZh: '', summaryEn: '', timeZone: 'Asia/Shanghai', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T17:30' } }, ctx),
    ).rejects.toMatchObject({ details: { fields: { slug: 'validation.slugTaken' } } })
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

describe('people and organisations on the programme', () => {
  test('a forum gets its chairs, guest chairs and moderator accounts; a session its speakers, reused across items', async () => {
    const event = await newEvent()
    const [moderator] = await createUsers(db, 1, 'mod')
    const modEmail = (await db.user.findUniqueOrThrow({ where: { id: moderator! } })).email
    const forum = await addForum(
      db,
      event.id,
      F({
        kind: 'MAIN',
        slug: 'main',
        titleZh: '主论坛',
        titleEn: 'Main',
        startsAt: '2027-05-20T08:30',
        endsAt: '2027-05-20T12:00',
        chairs: '王辰 | Wang Chen | 中国医学科学院 | CAMS',
        guestChairs: '李兰娟｜Li Lanjuan｜浙江大学\n王辰 | Wang Chen | 中国医学科学院',
        moderators: modEmail.toUpperCase(),
      }),
      ctx,
    )
    const hosts = await db.forumHost.findMany({ where: { forumId: forum.id }, orderBy: { position: 'asc' }, include: { speaker: true } })
    // Someone listed as chair and guest chair is the chair only.
    expect(hosts.map((h) => [h.role, h.speaker.nameZh, h.speaker.nameEn])).toEqual([
      ['CHAIR', '王辰', 'Wang Chen'],
      ['GUEST_CHAIR', '李兰娟', 'Li Lanjuan'],
    ])
    expect(await db.forumModerator.findMany({ where: { forumId: forum.id }, select: { userId: true } })).toEqual([{ userId: moderator }])

    const talk = await addSession(
      db,
      event.id,
      S({
        forumId: forum.id,
        kind: 'TALK',
        titleZh: '报告',
        titleEn: 'Talk',
        startsAt: '2027-05-20T09:00',
        endsAt: '2027-05-20T10:00',
        speakers: '王辰 | Wang Chen | 中国医学科学院\n张文宏 | Zhang Wenhong | 复旦大学附属华山医院',
      }),
      ctx,
    )
    const links = await db.sessionSpeaker.findMany({ where: { sessionId: talk.id }, orderBy: { position: 'asc' }, include: { speaker: true } })
    expect(links.map((l) => l.speaker.nameZh)).toEqual(['王辰', '张文宏'])
    // The chair and the speaker 王辰 of 中国医学科学院 are one person, with one speaker page.
    expect(links[0]!.speakerId).toBe(hosts[0]!.speakerId)
  })

  test('unknown moderator or coordinator accounts are refused with nothing written', async () => {
    const event = await newEvent()
    await expect(
      addForum(db, event.id, F({ kind: 'SUB', slug: 'x', titleZh: '分', titleEn: 'Sub', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00', moderators: 'nobody@nowhere.example' }), ctx),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { moderators: 'validation.unknownAccount' } },
    })
    await expect(addVenue(db, event.id, venueFormSchema.parse({ kind: 'BRANCH', nameZh: '分会场', nameEn: 'Branch', coordinatorEmail: 'nobody@nowhere.example' }), ctx)).rejects.toMatchObject({
      details: { fields: { coordinatorEmail: 'validation.unknownAccount' } },
    })
    expect(await db.forum.count({ where: { eventId: event.id } })).toBe(0)
    expect(await db.venue.count({ where: { eventId: event.id } })).toBe(0)
  })

  test('forums, venues and ticket types that left no trace can be removed; the others are kept', async () => {
    const event = await newEvent()
    const used = await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    const spare = await addForum(db, event.id, F({ kind: 'SUB', slug: 'spare', titleZh: '备用', titleEn: 'Spare', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    await db.forum.update({ where: { id: used.id }, data: { liveStatus: 'LIVE' } })
    await expect(removeForum(db, event.id, used.id, ctx)).rejects.toMatchObject({ code: 'in_use' })
    await removeForum(db, event.id, spare.id, ctx)
    expect(await db.forum.findMany({ where: { eventId: event.id }, select: { id: true } })).toEqual([{ id: used.id }])

    const ticket = await createTicketType(db, event.id)
    const spareTicket = await createTicketType(db, event.id)
    const [userId] = await createUsers(db, 1, 'rm')
    await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED' } })
    await expect(removeTicketType(db, event.id, ticket.id, ctx)).rejects.toMatchObject({ code: 'in_use' })
    await removeTicketType(db, event.id, spareTicket.id, ctx)
    expect(await db.ticketType.count({ where: { eventId: event.id } })).toBe(1)

    const venue = await addVenue(db, event.id, venueFormSchema.parse({ kind: 'BRANCH', nameZh: '分会场', nameEn: 'Branch' }), ctx)
    const spareVenue = await addVenue(db, event.id, venueFormSchema.parse({ kind: 'BRANCH', nameZh: '备用分会场', nameEn: 'Spare branch' }), ctx)
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id } })
    await db.checkIn.create({ data: { registrationId: registration.id, venueId: venue.id, kind: 'ENTRY', nonce: `rm-${Date.now()}`, scannedAt: new Date() } })
    await expect(removeVenue(db, event.id, venue.id, ctx)).rejects.toMatchObject({ code: 'in_use' })
    await removeVenue(db, event.id, spareVenue.id, ctx)
    expect(await db.venue.count({ where: { eventId: event.id } })).toBe(1)
    // Another event's items are not found here.
    await expect(removeVenue(db, 'someotherevent1', venue.id, ctx)).rejects.toMatchObject({ code: 'not_found' })
  })

  test('editing a forum replaces its titles, times, chairs and moderators, and keeps the event consistent', async () => {
    const event = await newEvent()
    const [modA, modB] = await createUsers(db, 2, 'edit')
    const emailOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).email
    const main = await addForum(
      db,
      event.id,
      F({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00', chairs: '王辰 | Wang Chen', moderators: await emailOf(modA!) }),
      ctx,
    )
    const sub = await addForum(db, event.id, F({ kind: 'SUB', slug: 'sub', titleZh: '分论坛', titleEn: 'Sub', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    await addSession(db, event.id, sessionFormSchema.parse({ forumId: main.id, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00' }), ctx)

    await updateForum(
      db,
      event.id,
      main.id,
      F({
        kind: 'MAIN',
        slug: 'main-forum',
        titleZh: '主论坛（更正）',
        titleEn: 'Main (fixed)',
        startsAt: '2027-05-20T08:00',
        endsAt: '2027-05-20T12:30',
        chairs: '李兰娟 | Li Lanjuan',
        guestChairs: '王辰 | Wang Chen',
        moderators: await emailOf(modB!),
      }),
      ctx,
    )
    const edited = await db.forum.findUniqueOrThrow({ where: { id: main.id }, include: { hosts: { include: { speaker: true }, orderBy: { position: 'asc' } }, moderators: true } })
    expect(edited).toMatchObject({ slug: 'main-forum', titleZh: '主论坛（更正）', startsAt: new Date('2027-05-20T00:00:00Z'), endsAt: new Date('2027-05-20T04:30:00Z') })
    expect(edited.hosts.map((h) => [h.role, h.speaker.nameZh])).toEqual([
      ['CHAIR', '李兰娟'],
      ['GUEST_CHAIR', '王辰'],
    ])
    expect(edited.moderators.map((m) => m.userId)).toEqual([modB])

    // The session at 09:00–10:00 must still fit; a second MAIN forum is refused; so is a taken slug.
    await expect(
      updateForum(db, event.id, main.id, F({ kind: 'MAIN', slug: 'main-forum', titleZh: '主', titleEn: 'M', startsAt: '2027-05-20T09:30', endsAt: '2027-05-20T12:00' }), ctx),
    ).rejects.toMatchObject({ details: { fields: { startsAt: 'validation.sessionsOutside' } } })
    await expect(updateForum(db, event.id, sub.id, F({ kind: 'MAIN', slug: 'sub', titleZh: '分', titleEn: 'S', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)).rejects.toMatchObject(
      { code: 'conflict', details: { fields: { kind: 'validation.oneMainForum' } } },
    )
    await expect(
      updateForum(db, event.id, sub.id, F({ kind: 'SUB', slug: 'main-forum', titleZh: '分', titleEn: 'S', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx),
    ).rejects.toMatchObject({ details: { fields: { slug: 'validation.slugTaken' } } })
    expect(await db.auditLog.count({ where: { type: 'forum.updated', data: { path: ['forumId'], equals: main.id } } })).toBe(1)
  })

  test('an event has one main venue; more are branch venues', async () => {
    const event = await newEvent()
    await addVenue(db, event.id, venueFormSchema.parse({ kind: 'MAIN', nameZh: '主会场', nameEn: 'Main venue' }), ctx)
    await expect(addVenue(db, event.id, venueFormSchema.parse({ kind: 'MAIN', nameZh: '第二主会场', nameEn: 'Second main' }), ctx)).rejects.toMatchObject({
      code: 'conflict',
      details: { fields: { kind: 'validation.oneMainVenue' } },
    })
    await addVenue(db, event.id, venueFormSchema.parse({ kind: 'BRANCH', nameZh: '分会场', nameEn: 'Branch' }), ctx)
    expect(await db.venue.count({ where: { eventId: event.id } })).toBe(2)
  })

  test('bad people lines and e-mail lists are refused by the form schema', () => {
    expect(
      forumFormSchema.safeParse({ kind: 'SUB', slug: 'x', titleZh: '分', titleEn: 'Sub', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00', chairs: '王辰\n | Wang Chen' }).error?.issues[0],
    ).toMatchObject({ path: ['chairs'], message: 'validation.personLine' })
    expect(
      forumFormSchema.safeParse({ kind: 'SUB', slug: 'x', titleZh: '分', titleEn: 'Sub', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00', moderators: 'not-an-email' }).error?.issues[0],
    ).toMatchObject({ path: ['moderators'], message: 'validation.emailList' })
  })

  test('organisations are listed in roles, shared across events by name, and not twice in one role', async () => {
    const event = await newEvent()
    const form = organisationFormSchema.parse({ role: 'HOST', nameZh: `测试医院协会${n}`, nameEn: 'Test Hospital Association' })
    await addOrganisation(db, event.id, form, ctx)
    await addOrganisation(db, event.id, { ...form, role: 'ORGANISER' }, ctx)
    await expect(addOrganisation(db, event.id, form, ctx)).rejects.toMatchObject({ code: 'conflict', details: { fields: { nameZh: 'validation.alreadyListed' } } })
    const other = await newEvent()
    await addOrganisation(db, other.id, form, ctx)
    expect(await db.organisation.count({ where: { nameZh: form.nameZh } })).toBe(1)
    expect((await db.eventOrganisation.findMany({ where: { eventId: event.id }, orderBy: { createdAt: 'asc' } })).map((o) => o.role)).toEqual(['HOST', 'ORGANISER'])
  })

  test('a venue gets its coordinator; removing an agenda item keeps its speakers', async () => {
    const event = await newEvent()
    const [coordinator] = await createUsers(db, 1, 'coord')
    const email = (await db.user.findUniqueOrThrow({ where: { id: coordinator! } })).email
    const venue = await addVenue(db, event.id, venueFormSchema.parse({ kind: 'BRANCH', nameZh: '拉萨分会场', nameEn: 'Lhasa', city: '拉萨', capacity: '120', coordinatorEmail: email }), ctx)
    expect([venue.coordinatorId, venue.capacity]).toEqual([coordinator, 120])

    const forum = await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    const talk = await addSession(
      db,
      event.id,
      S({ forumId: forum.id, kind: 'TALK', titleZh: '将被删除', titleEn: 'To remove', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00', speakers: `讲者${n} | Speaker` }),
      ctx,
    )
    const [link] = await db.sessionSpeaker.findMany({ where: { sessionId: talk.id } })
    await removeSession(db, event.id, talk.id, ctx)
    expect(await db.session.count({ where: { id: talk.id } })).toBe(0)
    expect(await db.speaker.count({ where: { id: link!.speakerId } })).toBe(1)
    // Another event's staff page cannot remove this event's items.
    const kept = await addSession(db, event.id, S({ forumId: forum.id, kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: '2027-05-20T10:00', endsAt: '2027-05-20T10:20' }), ctx)
    await expect(removeSession(db, (await newEvent()).id, kept.id, ctx)).rejects.toMatchObject({ code: 'not_found' })
    expect(await db.session.count({ where: { id: kept.id } })).toBe(1)
  })
})

describe('tickets and registration settings', () => {
  test('a ticket type gets early-bird prices, a sales window and a refund rule, read in the event time zone', async () => {
    const event = await newEvent()
    const ticket = await addTicketType(
      db,
      event.id,
      ticketTypeFormSchema.parse({
        nameZh: '培训票',
        nameEn: 'Training',
        priceMember: '800',
        priceNonMember: '1000',
        priceStudent: '400',
        earlyBirdUntil: '2027-05-01T23:59',
        earlyBirdPriceNonMember: '700',
        quota: '60',
        refundUntil: '2027-05-10T00:00',
        refundPercent: '90',
      }),
      ctx,
    )
    expect(ticket).toMatchObject({ priceNonMember: 100000, earlyBirdPriceNonMember: 70000, earlyBirdPriceMember: null, quota: 60, refundPercent: 90 })
    expect(ticket.earlyBirdUntil?.toISOString()).toBe('2027-05-01T15:59:00.000Z')
    expect(ticket.refundUntil?.toISOString()).toBe('2027-05-09T16:00:00.000Z')
    await expect(addTicketType(db, event.id, ticketTypeFormSchema.parse({ nameZh: '坏', nameEn: 'Bad', earlyBirdUntil: '2027-05-01T23:59' }), ctx)).rejects.toMatchObject({
      details: { fields: { earlyBirdPriceNonMember: 'validation.earlyBirdPrice' } },
    })
    expect(ticketTypeFormSchema.safeParse({ nameZh: '坏', nameEn: 'Bad', refundPercent: '120' }).error?.issues[0]).toMatchObject({ path: ['refundPercent'], message: 'validation.percent' })
  })

  test('payment methods, currency and registration questions are saved; the currency is fixed once people register', async () => {
    const event = await newEvent()
    const questions = 'institution | 工作单位 | Institution | text | required\ntitle | 职称 | Title | select | optional | a=住院医师/Resident; b=主治医师/Attending'
    await saveEventSettings(db, event.id, eventSettingsSchema.parse({ pm_card: 'on', pm_wechat_pay: 'on', currency: 'cny', questions }), ctx)
    const saved = await db.event.findUniqueOrThrow({ where: { id: event.id } })
    expect(saved.paymentMethods).toEqual(['card', 'wechat_pay'])
    expect((saved.registrationQuestions as { key: string }[]).map((q) => q.key)).toEqual(['institution', 'title'])

    expect(eventSettingsSchema.safeParse({ currency: 'cny', questions: '' }).error?.issues[0]).toMatchObject({ message: 'validation.paymentMethod' })
    expect(eventSettingsSchema.safeParse({ pm_card: 'on', currency: 'cny', questions: 'ok | 甲 | A | text | required\nbad line' }).error?.issues[0]).toMatchObject({
      path: ['questions'],
      message: 'validation.questionLine?line=2',
    })

    await db.event.update({ where: { id: event.id }, data: { status: 'PUBLISHED' } })
    const ticket = await createTicketType(db, event.id)
    const [user] = await createUsers(db, 1, 'cur')
    await registerForEvent(db, { userId: user!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: { institution: '甲医院' } }, { paymentsConfigured: false })
    await expect(saveEventSettings(db, event.id, eventSettingsSchema.parse({ pm_card: 'on', currency: 'usd', questions }), ctx)).rejects.toMatchObject({
      details: { fields: { currency: 'validation.currencyLocked' } },
    })
  })
})

describe('editing what exists (agenda items, ticket types, venues), under the same rules as adding', () => {
  const T = (form: Record<string, string>) => ticketTypeFormSchema.parse({ nameZh: '标准票', nameEn: 'Standard', priceMember: '800', priceNonMember: '1000', priceStudent: '400', ...form })

  test('an agenda item must fall inside its forum; a 19:00 item in an 08:30–12:00 forum is refused, added or edited', async () => {
    const event = await newEvent()
    const main = await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    const sub = await addForum(db, event.id, F({ kind: 'SUB', slug: 'pm', titleZh: '下午', titleEn: 'Afternoon', startsAt: '2027-05-20T14:00', endsAt: '2027-05-20T18:00' }), ctx)
    await expect(
      addSession(db, event.id, S({ forumId: main.id, kind: 'TALK', titleZh: '晚间', titleEn: 'Evening', startsAt: '2027-05-20T19:00', endsAt: '2027-05-20T19:30' }), ctx),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { startsAt: 'validation.sessionOutsideForum', endsAt: 'validation.sessionOutsideForum' } },
    })
    const talk = await addSession(
      db,
      event.id,
      S({ forumId: main.id, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00', speakers: '张三 | Zhang San | 甲医院 | Hospital A' }),
      ctx,
    )
    await addSession(db, event.id, S({ forumId: main.id, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: '2027-05-20T10:00', endsAt: '2027-05-20T11:00' }), ctx)
    const edit = (form: Record<string, string>) =>
      updateSession(db, event.id, talk.id, S({ forumId: main.id, kind: 'TALK', titleZh: '报告', titleEn: 'Talk', startsAt: '2027-05-20T09:00', endsAt: '2027-05-20T10:00', ...form }), ctx)
    await expect(edit({ startsAt: '2027-05-20T19:00', endsAt: '2027-05-20T19:30' })).rejects.toMatchObject({ details: { fields: { startsAt: 'validation.sessionOutsideForum' } } })
    // Editing may not create an overlap with a neighbour; it may keep its own times.
    await expect(edit({ endsAt: '2027-05-20T10:30' })).rejects.toMatchObject({ code: 'session_overlap', details: { titleZh: '报告二' } })
    await edit({ titleEn: 'Keynote', kind: 'OPENING', speakers: '李四 | Li Si | 乙医院 | Hospital B' })
    // Moving it to the afternoon forum with afternoon times.
    await edit({ forumId: sub.id, startsAt: '2027-05-20T14:00', endsAt: '2027-05-20T15:00' })
    const row = await db.session.findUniqueOrThrow({ where: { id: talk.id }, include: { speakers: { include: { speaker: true } } } })
    expect(row).toMatchObject({ forumId: sub.id, titleEn: 'Talk', kind: 'TALK' })
    expect(row.startsAt.toISOString()).toBe('2027-05-20T06:00:00.000Z')
    expect(row.speakers.map((x) => x.speaker.nameZh)).toEqual([])
    expect(await db.auditLog.count({ where: { type: 'session.updated', data: { path: ['sessionId'], equals: talk.id } } })).toBe(2)
  })

  test('a ticket type is edited under the price and quota rules; an impossible date is refused, never saved as empty', async () => {
    const event = await newEvent()
    const ticket = await addTicketType(db, event.id, T({ quota: '100', earlyBirdUntil: '2027-05-01T23:59', earlyBirdPriceNonMember: '700' }), ctx)
    await expect(addTicketType(db, event.id, T({ earlyBirdUntil: '2027-05-01T23:59', earlyBirdPriceNonMember: '1200' }), ctx)).rejects.toMatchObject({
      details: { fields: { earlyBirdPriceNonMember: 'validation.earlyBirdAboveNormal' } },
    })
    await expect(addTicketType(db, event.id, T({ refundUntil: '2027-02-30T10:00' }), ctx)).rejects.toMatchObject({ details: { fields: { refundUntil: 'validation.dateTime' } } })
    await db.ticketType.update({ where: { id: ticket.id }, data: { seatsTaken: 40 } })
    const edit = (form: Record<string, string>) => updateTicketType(db, event.id, ticket.id, T({ quota: '100', earlyBirdUntil: '2027-05-01T23:59', earlyBirdPriceNonMember: '700', ...form }), ctx)
    await expect(edit({ quota: '39' })).rejects.toMatchObject({ details: { fields: { quota: 'validation.quotaBelowTaken' } } })
    await expect(edit({ earlyBirdPriceNonMember: '1001' })).rejects.toMatchObject({ details: { fields: { earlyBirdPriceNonMember: 'validation.earlyBirdAboveNormal' } } })
    await expect(edit({ salesEndAt: '2027-04-31T12:00' })).rejects.toMatchObject({ details: { fields: { salesEndAt: 'validation.dateTime' } } })
    expect(await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ quota: 100, earlyBirdPriceNonMember: 70000, salesEndAt: null })
    await edit({ quota: '40', nameEn: 'Standard (full)', salesEndAt: '2027-05-15T18:00' })
    const saved = await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(saved).toMatchObject({ quota: 40, nameEn: 'Standard (full)', seatsTaken: 40 })
    expect(saved.salesEndAt?.toISOString()).toBe('2027-05-15T10:00:00.000Z')
    await expect(updateTicketType(db, event.id, 'no-such-ticket', T({}), ctx)).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a ticket type with sales cannot be deleted, only closed; closing twice changes nothing', async () => {
    const event = await newEvent()
    const ticket = await addTicketType(db, event.id, T({}), ctx)
    const [userId] = await createUsers(db, 1, 'close')
    await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED' } })
    await expect(removeTicketType(db, event.id, ticket.id, ctx)).rejects.toMatchObject({ code: 'in_use' })
    const now = new Date('2027-05-02T00:00:00Z')
    await closeTicketType(db, event.id, ticket.id, now, ctx)
    await closeTicketType(db, event.id, ticket.id, new Date('2027-05-03T00:00:00Z'), ctx)
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).salesEndAt?.toISOString()).toBe(now.toISOString())
    expect(await db.auditLog.count({ where: { type: 'ticket_type.closed', data: { path: ['ticketTypeId'], equals: ticket.id } } })).toBe(1)
    expect(await db.registration.count({ where: { ticketTypeId: ticket.id, status: 'CONFIRMED' } })).toBe(1)
  })

  test('a venue is edited: names, city, capacity, coordinator and forum; still one main venue', async () => {
    const event = await newEvent()
    const forum = await addForum(db, event.id, F({ kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00' }), ctx)
    const V = (form: Record<string, string>) => venueFormSchema.parse({ kind: 'BRANCH', nameZh: '分会场', nameEn: 'Branch', ...form })
    await addVenue(db, event.id, V({ kind: 'MAIN', nameZh: '主会场', nameEn: 'Main hall' }), ctx)
    const branch = await addVenue(db, event.id, V({}), ctx)
    const [coordId] = await createUsers(db, 1, 'coord')
    const coordinator = await db.user.findUniqueOrThrow({ where: { id: coordId! } })
    await expect(updateVenue(db, event.id, branch.id, V({ kind: 'MAIN' }), ctx)).rejects.toMatchObject({ details: { fields: { kind: 'validation.oneMainVenue' } } })
    await updateVenue(db, event.id, branch.id, V({ nameEn: 'Branch, Hangzhou', city: '杭州', capacity: '120', coordinatorEmail: coordinator.email, forumId: forum.id }), ctx)
    expect(await db.venue.findUniqueOrThrow({ where: { id: branch.id } })).toMatchObject({ nameEn: 'Branch, Hangzhou', city: '杭州', capacity: 120, coordinatorId: coordinator.id, forumId: forum.id })
    await expect(updateVenue(db, event.id, branch.id, V({ coordinatorEmail: 'nobody@test.cme-forum.org' }), ctx)).rejects.toMatchObject({
      details: { fields: { coordinatorEmail: 'validation.unknownAccount' } },
    })
  })
})

describe('the console in sections', () => {
  // The routes read the process-wide client and the cookie secret, as in production.
  process.env.DATABASE_URL = testDatabaseUrl()
  process.env.SESSION_SECRET ??= 'test-secret-test-secret-test-secret-42'
  type Reply = { data: unknown; init: { status?: number } | null }
  type Module = { action?: (args: never) => Promise<unknown>; loader: (args: never) => Promise<unknown> }
  const sections: Record<string, () => Promise<Module>> = {
    overview: () => import('../../app/routes/staff.events.$eventId.tsx') as Promise<Module>,
    agenda: () => import('../../app/routes/staff.events.$eventId_.agenda.tsx') as Promise<Module>,
    tickets: () => import('../../app/routes/staff.events.$eventId_.tickets.tsx') as Promise<Module>,
    venues: () => import('../../app/routes/staff.events.$eventId_.venues.tsx') as Promise<Module>,
    live: () => import('../../app/routes/staff.events.$eventId_.live.tsx') as Promise<Module>,
    mails: () => import('../../app/routes/staff.events.$eventId_.mails.tsx') as Promise<Module>,
  }
  const path = (section: string, eventId: string) => (section === 'overview' ? `/staff/events/${eventId}` : `/staff/events/${eventId}/${section}`)
  let staff = { id: '', cookie: '' }
  let attendee = ''
  const signedIn = async (role: 'ATTENDEE' | 'STAFF') => {
    const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(`sections-${role.toLowerCase()}`), password: 'password-123', realName: `Sections ${role}`, locale: 'zh-CN' })
    await db.user.update({ where: { id: userId }, data: { role } })
    return { id: userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
  }
  beforeAll(async () => {
    staff = await signedIn('STAFF')
    attendee = (await signedIn('ATTENDEE')).cookie
  })
  afterAll(async () => {
    const { disconnectDb } = await import('../../app/utils/db.server.ts')
    await disconnectDb()
  })
  /** Posts one form to a section's action, as the browser's form does; answers the status and the body. */
  const post = async (section: string, eventId: string, form: Record<string, string>) => {
    const { action } = await sections[section]!()
    const request = new Request(`http://localhost${path(section, eventId)}`, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { cookie: staff.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    })
    const reply = (await action!({ request, params: { eventId }, context: {} } as never)) as Record<string, unknown>
    // A reply with a status comes wrapped ({ data, init }); a plain success is the body itself.
    const wrapped = 'init' in reply && 'data' in reply ? (reply as unknown as Reply) : null
    return (wrapped ? { status: wrapped.init?.status ?? 200, ...(wrapped.data as object) } : { status: 200, ...reply }) as { status: number } & Record<string, unknown>
  }
  const load = async (section: string, eventId: string, cookie = staff.cookie, search = '') => {
    const { loader } = await sections[section]!()
    const request = new Request(`http://localhost${path(section, eventId)}${search}`, { headers: { cookie } })
    return loader({ request, params: { eventId }, context: {} } as never).catch((e: unknown) => e)
  }

  test('each section takes its own forms, audited, and answers another section’s form with a 400', async () => {
    const event = await newEvent()
    const forum = { kind: 'MAIN', slug: 'main', titleZh: '主论坛', titleEn: 'Main', startsAt: '2027-05-20T08:30', endsAt: '2027-05-20T12:00', chairs: '', guestChairs: '', moderators: '' }
    // The forms that moved off the overview are no longer taken there…
    expect(await post('overview', event.id, { intent: 'add-forum', ...forum })).toMatchObject({ status: 400, ok: false, code: 'bad_request' })
    expect(await db.forum.count({ where: { eventId: event.id } })).toBe(0)
    // …but by their section.
    expect(await post('agenda', event.id, { intent: 'add-forum', ...forum })).toMatchObject({ status: 200, ok: true, intent: 'add-forum' })
    const main = await db.forum.findFirstOrThrow({ where: { eventId: event.id } })
    expect(
      await post('agenda', event.id, {
        intent: 'add-session',
        forumId: main.id,
        kind: 'TALK',
        titleZh: '报告',
        titleEn: 'Talk',
        startsAt: '2027-05-20T19:00',
        endsAt: '2027-05-20T19:30',
        speakers: '',
      }),
    ).toMatchObject({
      status: 422,
      ok: false,
    })
    expect(
      await post('tickets', event.id, { intent: 'add-ticket', nameZh: '普通票', nameEn: 'Standard', priceMember: '0', priceNonMember: '0', priceStudent: '0', refundPercent: '100' }),
    ).toMatchObject({
      status: 200,
      ok: true,
    })
    expect(await post('venues', event.id, { intent: 'add-ticket', nameZh: 'x', nameEn: 'x' })).toMatchObject({ status: 400, code: 'bad_request' })
    expect(await post('venues', event.id, { intent: 'add-venue', kind: 'MAIN', nameZh: '主会场', nameEn: 'Main hall', city: '北京', capacity: '', coordinatorEmail: '', forumId: '' })).toMatchObject({
      status: 200,
      ok: true,
    })
    expect(await post('mails', event.id, { intent: 'save-mails', mailForumReminders: 'on' })).toMatchObject({ status: 200, ok: true })
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ mailForumReminders: true, mailCertificateIssued: false, mailReplayAvailable: false })
    expect([await db.ticketType.count({ where: { eventId: event.id } }), await db.venue.count({ where: { eventId: event.id } })]).toEqual([1, 1])
    const audited = await db.auditLog.findMany({ where: { userId: staff.id, data: { path: ['eventId'], equals: event.id } }, select: { type: true } })
    expect(audited.map((a) => a.type).sort()).toEqual(expect.arrayContaining(['event.automatic_mails_saved']))
    // The live page has nothing to post; every section page refuses an attendee.
    expect(sections.live && (await sections.live()).action).toBeUndefined()
    for (const section of Object.keys(sections)) {
      const refused = (await load(section, event.id, attendee)) as Reply | Response
      expect(('init' in refused ? refused.init?.status : undefined) ?? (refused as Response).status).toBe(403)
    }
    expect(await load('tickets', event.id)).toMatchObject({ event: { id: event.id, ticketTypes: [expect.objectContaining({ nameEn: 'Standard' })] } })
  })

  test('unpublishing needs its confirmation step: without it nothing changes, with it the event is a draft again', async () => {
    const event = await newEvent()
    expect(await post('overview', event.id, { intent: 'publish' })).toMatchObject({ status: 200, ok: true })
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('PUBLISHED')
    // The overview's button only opens the step (a GET), which says what attendees will see.
    expect(await load('overview', event.id)).toMatchObject({ confirmUnpublish: false })
    expect(await load('overview', event.id, staff.cookie, '?confirm=unpublish')).toMatchObject({ confirmUnpublish: true })
    for (const form of [{ intent: 'unpublish' }, { intent: 'unpublish', confirm: 'no' }] as Record<string, string>[]) {
      expect(await post('overview', event.id, form)).toMatchObject({ status: 422, ok: false, fields: { confirm: 'staffSections.unpublish.required' } })
    }
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('PUBLISHED')
    expect(await db.auditLog.count({ where: { type: 'event.unpublished', data: { path: ['eventId'], equals: event.id } } })).toBe(0)
    expect(await post('overview', event.id, { intent: 'unpublish', confirm: 'yes' })).toMatchObject({ status: 200, ok: true })
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('DRAFT')
    expect(await db.auditLog.count({ where: { type: 'event.unpublished', userId: staff.id, data: { path: ['eventId'], equals: event.id } } })).toBe(1)
  })
})
