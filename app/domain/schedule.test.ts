import { describe, expect, test } from 'vitest'
import {
  agendaForumIds,
  attendeeCalendar,
  buildSchedule,
  calendarLocation,
  forumCalendarLocation,
  venueForForum,
  filterSchedule,
  isoInZone,
  offsetAt,
  stableGuid,
  stableInt,
  type ScheduleInput,
} from './schedule.ts'

const at = (iso: string) => new Date(iso)

describe('offsets and local ISO times', () => {
  test.each([
    ['2026-08-10T01:30:00Z', 'Asia/Shanghai', '+08:00', '2026-08-10T09:30:00+08:00'],
    ['2026-08-10T01:30:00Z', 'UTC', '+00:00', '2026-08-10T01:30:00+00:00'],
    ['2026-01-10T15:00:00Z', 'America/New_York', '-05:00', '2026-01-10T10:00:00-05:00'],
    ['2026-07-10T15:00:00Z', 'America/New_York', '-04:00', '2026-07-10T11:00:00-04:00'],
    ['2026-08-10T01:30:00Z', 'Asia/Kolkata', '+05:30', '2026-08-10T07:00:00+05:30'],
  ])('%s in %s', (iso, tz, offset, local) => {
    expect(offsetAt(at(iso), tz)).toBe(offset)
    expect(isoInZone(at(iso), tz)).toBe(local)
  })
})

test('identifiers are stable and well-formed', () => {
  expect(stableGuid('session:abc')).toBe(stableGuid('session:abc'))
  expect(stableGuid('session:abc')).not.toBe(stableGuid('session:abd'))
  expect(stableGuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(stableInt('abc')).toBe(stableInt('abc'))
  expect(stableInt('abc')).toBeGreaterThan(0)
  expect(stableInt('abc')).toBeLessThan(2 ** 31)
})

test('groups sessions by local day and forum, main forum first, with durations', () => {
  const s = (id: string, from: string, to: string) => ({ id, kind: 'TALK' as const, titleZh: id, titleEn: id, startsAt: at(from), endsAt: at(to), speakers: [] })
  const input: ScheduleInput = {
    slug: 'e',
    titleZh: '活动',
    titleEn: 'Event',
    timeZone: 'Asia/Shanghai',
    startsAt: at('2026-08-09T16:00:00Z'),
    endsAt: at('2026-08-11T10:00:00Z'),
    baseUrl: 'https://x.test',
    forums: [
      { id: 'sub', slug: 'sub', kind: 'SUB', position: 1, titleZh: '分论坛', titleEn: 'Sub', startsAt: at('2026-08-10T05:00:00Z'), sessions: [s('b', '2026-08-10T05:00:00Z', '2026-08-10T06:15:00Z')] },
      {
        id: 'main',
        slug: 'main',
        kind: 'MAIN',
        position: 0,
        titleZh: '主论坛',
        titleEn: 'Main',
        startsAt: at('2026-08-09T17:00:00Z'),
        sessions: [s('a', '2026-08-09T17:00:00Z', '2026-08-09T17:30:00Z'), s('c', '2026-08-11T01:00:00Z', '2026-08-11T02:00:00Z')],
      },
    ],
  }
  const schedule = buildSchedule(input)
  expect(schedule.start).toBe('2026-08-10')
  expect(schedule.dayCount).toBe(2)
  expect(schedule.days.map((d) => d.index)).toEqual([1, 2])
  expect(schedule.days.map((d) => [d.date, d.rooms.map((r) => r.name)])).toEqual([
    ['2026-08-10', ['主论坛', '分论坛']],
    ['2026-08-11', ['主论坛']],
  ])
  const a = schedule.days[0]!.rooms[0]!.sessions[0]!
  expect(a).toMatchObject({ start: '2026-08-10T01:00:00+08:00', localStart: '01:00', duration: '00:30', uid: 'a@cme-forum' })
  expect(schedule.days[0]!.rooms[1]!.sessions[0]!.duration).toBe('01:15')
  expect(schedule.days[0]!.start).toBe('2026-08-10T01:00:00+08:00')
  expect(schedule.days[0]!.end).toBe('2026-08-10T14:15:00+08:00')
})

describe('filtering a schedule', () => {
  type Kind = ScheduleInput['forums'][number]['sessions'][number]['kind']
  const s = (id: string, kind: Kind, from: string, to: string) => ({ id, kind, titleZh: id, titleEn: id, startsAt: at(from), endsAt: at(to), speakers: [] })
  const forum = (id: string, kind: 'MAIN' | 'SUB', position: number, sessions: ReturnType<typeof s>[]) => ({
    id,
    slug: id,
    kind,
    position,
    titleZh: id,
    titleEn: id,
    startsAt: sessions[0]!.startsAt,
    sessions,
  })
  const schedule = buildSchedule({
    slug: 'e',
    titleZh: '活动',
    titleEn: 'Event',
    timeZone: 'Asia/Shanghai',
    startsAt: at('2026-08-10T00:00:00Z'),
    endsAt: at('2026-08-11T10:00:00Z'),
    baseUrl: 'https://x.test',
    forums: [
      forum('main', 'MAIN', 0, [
        s('open', 'OPENING', '2026-08-10T00:30:00Z', '2026-08-10T01:00:00Z'),
        s('tea', 'BREAK', '2026-08-10T01:00:00Z', '2026-08-10T01:15:00Z'),
        s('talk', 'TALK', '2026-08-10T01:15:00Z', '2026-08-10T02:00:00Z'),
        s('close', 'CLOSING', '2026-08-10T09:00:00Z', '2026-08-10T09:30:00Z'),
      ]),
      forum('sub', 'SUB', 1, [s('lunch', 'BREAK', '2026-08-10T04:00:00Z', '2026-08-10T05:00:00Z')]),
      forum('day2', 'SUB', 2, [s('coffee', 'BREAK', '2026-08-11T01:00:00Z', '2026-08-11T01:30:00Z')]),
    ],
  })

  test('the attendee calendar is the whole programme less the breaks, with the same UIDs', () => {
    const own = attendeeCalendar(schedule)
    const uids = own.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions.map((x) => x.uid)))
    expect(uids).toEqual(['open@cme-forum', 'talk@cme-forum', 'close@cme-forum'])
    // A room and a day that held only breaks are gone; the rest keeps its identity.
    expect(own.days.map((d) => [d.date, d.rooms.map((r) => r.forumSlug)])).toEqual([['2026-08-10', ['main']]])
    expect(own.days[0]!.rooms[0]!.guid).toBe(schedule.days[0]!.rooms[0]!.guid)
    expect(own.dayCount).toBe(schedule.dayCount)
  })

  test('an agenda keeps only its forums; sub-forum breaks never show', () => {
    const own = attendeeCalendar(schedule, ['sub', 'day2'])
    expect(own.days).toEqual([])
    expect(attendeeCalendar(schedule, ['main']).days.flatMap((d) => d.rooms.map((r) => r.forumSlug))).toEqual(['main'])
  })

  test.each([
    { chosen: [], expected: ['m1', 'm2'], label: 'nothing chosen: the main forums' },
    { chosen: ['s1'], expected: ['s1'], label: 'a sub-forum chosen: only it' },
    { chosen: ['m1', 's2'], expected: ['m1', 's2'], label: 'main and a sub-forum' },
    { chosen: ['gone'], expected: ['m1', 'm2'], label: 'a forum since removed: back to the main forums' },
  ])('agenda forums, $label', ({ chosen, expected }) => {
    const forums = [
      { id: 'm1', kind: 'MAIN' as const },
      { id: 's1', kind: 'SUB' as const },
      { id: 'm2', kind: 'MAIN' as const },
      { id: 's2', kind: 'SUB' as const },
    ]
    expect(agendaForumIds(forums, chosen)).toEqual(expected)
  })

  test('a day starts and ends with what is left of it', () => {
    const late = filterSchedule(schedule, (x) => x.id !== 'open')
    expect(late.days[0]!.start).toBe('2026-08-10T09:00:00+08:00')
    expect(late.days[0]!.end).toBe('2026-08-10T17:30:00+08:00')
    expect(filterSchedule(schedule, () => false).days).toEqual([])
  })
})

describe('calendar locations', () => {
  const v = (name: string, kind: 'MAIN' | 'BRANCH', forumId: string | null, city = '杭州', address = '') => ({ kind, forumId, nameZh: name, nameEn: name, city, address })
  test.each([
    { label: 'a venue showing this forum', venues: [v('whole', 'MAIN', null), v('room-b', 'MAIN', 'f1')], forum: 'f1', expected: 'room-b' },
    { label: 'the main venue showing every forum', venues: [v('branch', 'BRANCH', null), v('whole', 'MAIN', null)], forum: 'f1', expected: 'whole' },
    { label: 'a branch showing only this forum', venues: [v('branch', 'BRANCH', 'f1')], forum: 'f1', expected: 'branch' },
    { label: 'no venue: online', venues: [v('other', 'MAIN', 'f2')], forum: 'f1', expected: null },
  ])('$label', ({ venues, forum, expected }) => {
    expect(venueForForum(venues, forum)?.nameZh ?? null).toBe(expected)
  })

  test('LOCATION reads name, city and address, or online with the link', () => {
    expect(calendarLocation({ name: '国际会议中心 3 楼', city: '杭州', address: '' }, { label: '线上', url: 'https://x/y' })).toBe('国际会议中心 3 楼, 杭州')
    expect(calendarLocation(null, { label: '线上', url: 'https://x/y' })).toBe('线上 https://x/y')
  })

  const online = { label: 'Online', url: 'https://x/live' }
  test.each([
    { label: 'venue and room', venue: { name: 'Hall', room: 'Room 3', city: 'Hangzhou', address: '1 Lake Road' }, expected: 'Hall · Room 3, Hangzhou, 1 Lake Road' },
    { label: 'no room', venue: { name: 'Hall', room: '', city: 'Hangzhou', address: '1 Lake Road' }, expected: 'Hall, Hangzhou, 1 Lake Road' },
    { label: 'a blank room', venue: { name: 'Hall', room: '  ', city: 'Hangzhou', address: '' }, expected: 'Hall, Hangzhou' },
    { label: 'room, no address', venue: { name: 'Hall', room: 'Room 3', city: '', address: '' }, expected: 'Hall · Room 3' },
    { label: 'online: the room alone is no place', venue: null, expected: 'Online https://x/live' },
  ])('LOCATION with $label', ({ venue, expected }) => {
    expect(calendarLocation(venue, online)).toBe(expected)
  })

  const room = { roomZh: ' 3楼 报告厅A ', roomEn: 'Hall A, 3rd floor' }
  const hall = { kind: 'MAIN' as const, forumId: null, nameZh: '国际会议中心', nameEn: 'Convention Centre', city: '杭州', address: '湖滨路1号' }
  const branch = { kind: 'BRANCH' as const, forumId: 'sub', nameZh: '肺科医院', nameEn: 'Pulmonary Hospital', city: '上海', address: '政民路507号' }
  test.each([
    { label: 'the main venue and the room, in Chinese', venues: [hall], forum: { id: 'main', ...room }, locale: 'zh-CN' as const, expected: '国际会议中心 · 3楼 报告厅A, 杭州, 湖滨路1号' },
    { label: 'the main venue and the room, in English', venues: [hall], forum: { id: 'main', ...room }, locale: 'en' as const, expected: 'Convention Centre · Hall A, 3rd floor, 杭州, 湖滨路1号' },
    { label: 'a branch showing the forum: no room', venues: [hall, branch], forum: { id: 'sub', ...room }, locale: 'en' as const, expected: 'Pulmonary Hospital, 上海, 政民路507号' },
    { label: 'no venue: online with the link, room or not', venues: [], forum: { id: 'main', ...room }, locale: 'en' as const, expected: 'Online https://x/live' },
  ])('a forum’s LOCATION: $label', ({ venues, forum, locale, expected }) => {
    expect(forumCalendarLocation(venues, forum, locale, online)).toBe(expected)
  })
})
