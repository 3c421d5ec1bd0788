import { afterAll, describe, expect, test } from 'vitest'
import { getSchedule, toICalendar } from '../../app/services/events/export-schedule.server.ts'
import { getProgrammeCalendar } from '../../app/services/events/get-programme-calendar.server.ts'
import { forgetEventPage } from '../../app/utils/event-page-cache.server.ts'
import { getForumPage, getForumPageCached } from '../../app/services/events/get-forum-page.server.ts'
import { getMyCalendar } from '../../app/services/events/get-my-calendar.server.ts'
import { getSpeakerPage, getSpeakerPageCached } from '../../app/services/events/get-speaker-page.server.ts'
import { forumPlace } from '../../app/domain/forum-place.ts'
import { testDb } from '../helpers/db.ts'
import { createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())

let n = 0
const at = (hhmm: string) => new Date(`2027-04-10T${hhmm}:00+08:00`)

/**
 * A published congress: a main forum in the morning and two parallel sub-forums in the
 * afternoon, with chairs, a forum-level co-organiser, a break, and a speaker who also
 * appears at another event.
 */
async function createCongress(status: 'PUBLISHED' | 'DRAFT' = 'PUBLISHED') {
  const tag = `${process.pid}-${Date.now()}-${n++}`
  const person = (name: string) =>
    db.speaker.create({ data: { nameZh: `${name}教授`, nameEn: `Prof. ${name}`, affiliationZh: '某医院', affiliationEn: 'A hospital', bioZh: `${name}的简介`, bioEn: `About ${name}` } })
  const [wang, li, zhao, outsider] = await Promise.all([person('王'), person('李'), person('赵'), person('钱')])
  const org = await db.organisation.create({ data: { nameZh: `协办单位 ${tag}`, nameEn: `Co-organiser ${tag}` } })
  const event = await db.event.create({
    data: {
      slug: `public-pages-${tag}`,
      titleZh: '公开页面测试大会',
      titleEn: 'Public pages congress',
      timeZone: 'Asia/Shanghai',
      startsAt: at('08:30'),
      endsAt: at('17:00'),
      status,
      forums: {
        create: [
          {
            slug: 'main',
            kind: 'MAIN',
            position: 0,
            titleZh: '主论坛',
            titleEn: 'Main forum',
            startsAt: at('08:30'),
            endsAt: at('12:00'),
            hosts: {
              create: [
                { speakerId: li.id, role: 'GUEST_CHAIR', position: 0 },
                { speakerId: wang.id, role: 'CHAIR', position: 1 },
              ],
            },
            sessions: {
              create: [
                { kind: 'OPENING', titleZh: '开幕', titleEn: 'Opening', startsAt: at('08:30'), endsAt: at('09:00'), speakers: { create: [{ speakerId: wang.id }] } },
                { kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: at('09:00'), endsAt: at('09:15') },
                {
                  kind: 'TALK',
                  titleZh: '报告',
                  titleEn: 'Talk',
                  startsAt: at('09:15'),
                  endsAt: at('10:00'),
                  speakers: {
                    create: [
                      { speakerId: li.id, position: 0 },
                      { speakerId: zhao.id, position: 1 },
                    ],
                  },
                },
              ],
            },
          },
          {
            slug: 'sub-a',
            kind: 'SUB',
            position: 1,
            titleZh: '分论坛甲',
            titleEn: 'Sub-forum A',
            startsAt: at('13:30'),
            endsAt: at('17:00'),
            hosts: { create: [{ speakerId: zhao.id, role: 'CHAIR' }] },
            sessions: { create: [{ kind: 'TALK', titleZh: '甲报告', titleEn: 'Talk A', startsAt: at('14:00'), endsAt: at('15:00'), speakers: { create: [{ speakerId: li.id }] } }] },
          },
          {
            slug: 'sub-b',
            kind: 'SUB',
            position: 2,
            titleZh: '分论坛乙',
            titleEn: 'Sub-forum B',
            startsAt: at('13:30'),
            endsAt: at('17:00'),
            sessions: { create: [{ kind: 'PANEL', titleZh: '乙讨论', titleEn: 'Panel B', startsAt: at('14:00'), endsAt: at('15:00'), speakers: { create: [{ speakerId: zhao.id }] } }] },
          },
        ],
      },
    },
    include: { forums: true },
  })
  const subA = event.forums.find((f) => f.slug === 'sub-a')!
  await db.eventOrganisation.create({ data: { eventId: event.id, organisationId: org.id, forumId: subA.id, role: 'CO_ORGANISER' } })
  return { event, wang, li, zhao, outsider }
}

describe('forum page', () => {
  test('shows the forum with its chairs (主持 before 嘉宾主持), its own organisations and its programme', async () => {
    const { event, wang, li } = await createCongress()
    const page = await getForumPage(db, { slug: event.slug, forumSlug: 'main' })
    expect(page.forum.titleEn).toBe('Main forum')
    expect(page.forum.hosts.map((h) => [h.role, h.speaker.id])).toEqual([
      ['CHAIR', wang.id],
      ['GUEST_CHAIR', li.id],
    ])
    expect(page.organisations).toEqual([])
    expect(page.days).toHaveLength(1)
    expect(page.days[0]!.day).toBe('2027-04-10')
    expect(page.days[0]!.sessions.map((s) => s.titleEn)).toEqual(['Opening', 'Break', 'Talk'])

    const sub = await getForumPage(db, { slug: event.slug, forumSlug: 'sub-a' })
    expect(sub.organisations.map((o) => [o.role, o.organisation.nameEn])).toEqual([['CO_ORGANISER', expect.stringMatching(/^Co-organiser /)]])
  })

  test('says where the forum is held: the venue that shows it, and its room', async () => {
    const { event } = await createCongress()
    const subA = event.forums.find((f) => f.slug === 'sub-a')!
    expect((await getForumPage(db, { slug: event.slug, forumSlug: 'sub-a' })).venue).toBeNull()
    await db.venue.create({ data: { eventId: event.id, kind: 'MAIN', nameZh: '国际会议中心', nameEn: 'Convention Centre', city: '杭州', address: '湖滨路1号' } })
    await db.forum.update({ where: { id: subA.id }, data: { roomZh: '5楼 长江厅', roomEn: 'Yangtze Hall, 5th floor' } })
    const page = await getForumPage(db, { slug: event.slug, forumSlug: 'sub-a' })
    expect(page.venue).toEqual({ kind: 'MAIN', nameZh: '国际会议中心', nameEn: 'Convention Centre', city: '杭州', address: '湖滨路1号' })
    expect(page.forum).toMatchObject({ roomZh: '5楼 长江厅', roomEn: 'Yangtze Hall, 5th floor' })
    expect(forumPlace(page.venue, page.forum, 'zh-CN')).toBe('国际会议中心 · 5楼 长江厅，杭州')
  })

  test('an unknown forum, or a forum of an unpublished event, is not found', async () => {
    const { event } = await createCongress()
    await expect(getForumPage(db, { slug: event.slug, forumSlug: 'no-such-forum' })).rejects.toMatchObject({ code: 'not_found', status: 404 })
    const draft = await createCongress('DRAFT')
    await expect(getForumPage(db, { slug: draft.event.slug, forumSlug: 'main' })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('the cached page follows a staff edit once forgetEventPage is called', async () => {
    const { event } = await createCongress()
    expect((await getForumPageCached(db, { slug: event.slug, forumSlug: 'sub-b' })).forum.titleEn).toBe('Sub-forum B')
    await db.forum.update({ where: { eventId_slug: { eventId: event.id, slug: 'sub-b' } }, data: { titleEn: 'Sub-forum B (renamed)' } })
    // Within the few seconds of the cache the old title is still served…
    expect((await getForumPageCached(db, { slug: event.slug, forumSlug: 'sub-b' })).forum.titleEn).toBe('Sub-forum B')
    forgetEventPage(event.slug)
    expect((await getForumPageCached(db, { slug: event.slug, forumSlug: 'sub-b' })).forum.titleEn).toBe('Sub-forum B (renamed)')
  })
})

describe('speaker page', () => {
  test('lists the sessions someone speaks in, in time order, and the forums they chair', async () => {
    const { event, li, zhao } = await createCongress()
    const page = await getSpeakerPage(db, { slug: event.slug, speakerId: li.id })
    expect(page.speaker).toMatchObject({ nameZh: '李教授', nameEn: 'Prof. 李', bioEn: 'About 李' })
    expect(page.sessions.map((s) => [s.forum.slug, s.session.titleEn])).toEqual([
      ['main', 'Talk'],
      ['sub-a', 'Talk A'],
    ])
    // Co-speakers come along, so the page can name them.
    expect(page.sessions[0]!.session.speakers.map((s) => s.speaker.id)).toEqual([li.id, zhao.id])
    expect(page.chairs.map((c) => [c.forum.slug, c.role])).toEqual([['main', 'GUEST_CHAIR']])

    const chairOnly = await getSpeakerPage(db, { slug: event.slug, speakerId: zhao.id })
    expect(chairOnly.chairs.map((c) => [c.forum.slug, c.role])).toEqual([['sub-a', 'CHAIR']])
    expect(chairOnly.sessions.map((s) => s.forum.slug)).toEqual(['main', 'sub-b'])
  })

  test('someone not on this event’s programme, or an unpublished event, has no page', async () => {
    const { event, outsider } = await createCongress()
    const other = await createCongress()
    await expect(getSpeakerPage(db, { slug: event.slug, speakerId: outsider.id })).rejects.toMatchObject({ code: 'not_found' })
    // A real speaker, but of the other event.
    await expect(getSpeakerPage(db, { slug: event.slug, speakerId: other.li.id })).rejects.toMatchObject({ code: 'not_found' })
    await expect(getSpeakerPage(db, { slug: event.slug, speakerId: 'cnotaspeaker000000000000' })).rejects.toMatchObject({ code: 'not_found' })
    const draft = await createCongress('DRAFT')
    await expect(getSpeakerPage(db, { slug: draft.event.slug, speakerId: draft.li.id })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a cached profile is forgotten with the event page', async () => {
    const { event, wang } = await createCongress()
    expect((await getSpeakerPageCached(db, { slug: event.slug, speakerId: wang.id })).speaker.bioEn).toBe('About 王')
    await db.speaker.update({ where: { id: wang.id }, data: { bioEn: 'A new biography' } })
    expect((await getSpeakerPageCached(db, { slug: event.slug, speakerId: wang.id })).speaker.bioEn).toBe('About 王')
    forgetEventPage(event.slug)
    expect((await getSpeakerPageCached(db, { slug: event.slug, speakerId: wang.id })).speaker.bioEn).toBe('A new biography')
  })
})

describe('an attendee’s own calendar', () => {
  async function registered(status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED') {
    const congress = await createCongress()
    const ticket = await createTicketType(db, congress.event.id)
    const [userId] = await createUsers(db, 1, 'cal')
    await db.registration.create({ data: { eventId: congress.event.id, ticketTypeId: ticket.id, userId: userId!, status } })
    return { ...congress, userId: userId! }
  }

  const mine = (input: { slug: string; userId: string }) => getMyCalendar(db, { ...input, baseUrl: 'https://forum.test', locale: 'en', onlineLabel: 'Online' })

  test('a confirmed attendee who chose nothing gets the main forum but the breaks, with the public calendar’s UIDs; LOCATION says online with the link', async () => {
    const { event, userId } = await registered('CONFIRMED')
    const { schedule, attendeeName, locationOf } = await mine({ slug: event.slug, userId })
    expect(attendeeName).toBe('用户0')
    const uids = (s: typeof schedule) => s.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions.map((x) => `${x.titleEn}|${x.uid}`)))
    const publicUids = uids(await getSchedule(db, event.slug, 'https://forum.test'))
    expect(publicUids.map((u) => u.split('|')[0])).toEqual(['Opening', 'Break', 'Talk', 'Talk A', 'Panel B'])
    expect(uids(schedule)).toEqual(publicUids.filter((u) => ['Opening|', 'Talk|'].some((p) => u.startsWith(p))))
    expect(locationOf('main')).toBe(`Online https://forum.test/events/${event.slug}/forums/main/live`)
  })

  test('the calendar follows the agenda: a chosen sub-forum only, at its venue and in its room', async () => {
    const { event, userId } = await registered('CONFIRMED')
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId }, select: { id: true } })
    const subA = event.forums.find((f) => f.slug === 'sub-a')!
    await db.agendaChoice.create({ data: { registrationId: registration.id, forumId: subA.id } })
    await db.venue.create({ data: { eventId: event.id, kind: 'MAIN', forumId: subA.id, nameZh: '三号厅', nameEn: 'Hall 3', city: 'Hangzhou', address: '1 Lake Road' } })
    const { schedule, locationOf } = await mine({ slug: event.slug, userId })
    expect(schedule.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions.map((x) => x.titleEn)))).toEqual(['Talk A'])
    expect(locationOf('sub-a')).toBe('Hall 3, Hangzhou, 1 Lake Road')

    // The forum's room (issue 15) joins the venue, in the reader's language.
    await db.forum.update({ where: { id: subA.id }, data: { roomZh: '3楼 301室', roomEn: 'Room 301, 3rd floor' } })
    forgetEventPage(event.slug)
    expect((await mine({ slug: event.slug, userId })).locationOf('sub-a')).toBe('Hall 3 · Room 301, 3rd floor, Hangzhou, 1 Lake Road')
    const inChinese = await getMyCalendar(db, { slug: event.slug, userId, baseUrl: 'https://forum.test', locale: 'zh-CN', onlineLabel: '线上参会' })
    expect(inChinese.locationOf('sub-a')).toBe('三号厅 · 3楼 301室, Hangzhou, 1 Lake Road')
  })

  test('the whole programme’s calendar gives every forum its venue and room, or online with its live page', async () => {
    const { event } = await createCongress()
    const [main, subA] = ['main', 'sub-a'].map((slug) => event.forums.find((f) => f.slug === slug)!)
    await db.venue.create({ data: { eventId: event.id, kind: 'MAIN', forumId: main!.id, nameZh: '国际会议中心', nameEn: 'Convention Centre', city: '杭州', address: '湖滨路1号' } })
    // A branch venue shows sub-forum A on a screen of its own: the main venue's room is not named there.
    await db.venue.create({ data: { eventId: event.id, kind: 'BRANCH', forumId: subA!.id, nameZh: '分会场', nameEn: 'Branch', city: '宁波', address: '' } })
    await db.forum.update({ where: { id: main!.id }, data: { roomZh: '7楼 上海厅', roomEn: 'Shanghai Hall, 7th floor' } })
    await db.forum.update({ where: { id: subA!.id }, data: { roomZh: '5楼 长江厅', roomEn: 'Yangtze Hall, 5th floor' } })
    const calendar = (locale: 'en' | 'zh-CN') => getProgrammeCalendar(db, { slug: event.slug, baseUrl: 'https://forum.test', locale, onlineLabel: locale === 'en' ? 'Online' : '线上参会' })
    const en = await calendar('en')
    expect(['main', 'sub-a', 'sub-b'].map((slug) => en.locationOf(slug))).toEqual([
      'Convention Centre · Shanghai Hall, 7th floor, 杭州, 湖滨路1号',
      'Branch, 宁波',
      `Online https://forum.test/events/${event.slug}/forums/sub-b/live`,
    ])
    expect((await calendar('zh-CN')).locationOf('main')).toBe('国际会议中心 · 7楼 上海厅, 杭州, 湖滨路1号')
    // The file itself: one VEVENT per session, each with its forum's LOCATION (commas escaped, RFC 5545 §3.3.11).
    const ics = toICalendar([en.schedule], { name: 'x', locale: 'en', stamp: new Date('2027-01-01T00:00:00Z'), locationOf: en.locationOf }).replace(/\r\n[ \t]/g, '')
    expect(ics.match(/^LOCATION:.*$/gm)?.map((l) => l.trimEnd())).toEqual([
      ...Array(3).fill('LOCATION:Convention Centre · Shanghai Hall\\, 7th floor\\, 杭州\\, 湖滨路1号'),
      'LOCATION:Branch\\, 宁波',
      `LOCATION:Online https://forum.test/events/${event.slug}/forums/sub-b/live`,
    ])
  })

  test.each(['WAITLISTED', 'CANCELLED'] as const)('a %s registration gets no calendar', async (status) => {
    const { event, userId } = await registered(status)
    await expect(mine({ slug: event.slug, userId })).rejects.toMatchObject({ code: 'forbidden', status: 403 })
  })

  test('someone registered for another event gets no calendar of this one; an unknown event is not found', async () => {
    const { userId } = await registered('CONFIRMED')
    const other = await createCongress()
    await expect(mine({ slug: other.event.slug, userId })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(mine({ slug: 'no-such-event', userId })).rejects.toMatchObject({ code: 'not_found' })
  })
})
