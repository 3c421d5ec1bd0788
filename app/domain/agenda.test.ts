import { describe, expect, test } from 'vitest'
import { eventPhase, findOverlaps, orderForums, programmeByDay, speakerAppearances, type AgendaForum, type PeopledForum } from './agenda.ts'

const t = (hhmm: string, day = '10') => new Date(`2026-08-${day}T${hhmm}:00+08:00`)
const s = (id: string, from: string, to: string, day = '10') => ({ id, startsAt: t(from, day), endsAt: t(to, day) })
const forum = (id: string, kind: 'MAIN' | 'SUB', position: number, sessions: ReturnType<typeof s>[], start = t('08:00'), end = t('18:00')): AgendaForum => ({
  id,
  kind,
  position,
  startsAt: start,
  endsAt: end,
  sessions,
})

describe('orderForums', () => {
  test('puts the main forum first, then sub-forums by position', () => {
    const ordered = orderForums([forum('b', 'SUB', 2, []), forum('m', 'MAIN', 9, []), forum('a', 'SUB', 1, [])])
    expect(ordered.map((f) => f.id)).toEqual(['m', 'a', 'b'])
  })
})

describe('programmeByDay', () => {
  test('summit: main forum in the morning, three parallel sub-forums in the afternoon, one day', () => {
    const days = programmeByDay(
      [
        forum('s2', 'SUB', 2, [s('s2a', '14:00', '15:00')]),
        forum('main', 'MAIN', 0, [s('m2', '10:00', '11:30'), s('m1', '09:00', '10:00')]),
        forum('s1', 'SUB', 1, [s('s1a', '14:00', '15:30')]),
        forum('s3', 'SUB', 3, [s('s3a', '13:30', '15:00')]),
      ],
      'Asia/Shanghai',
    )
    expect(days).toHaveLength(1)
    expect(days[0]!.day).toBe('2026-08-10')
    expect(days[0]!.columns.map((c) => c.forum.id)).toEqual(['main', 's1', 's2', 's3'])
    expect(days[0]!.columns[0]!.sessions.map((x) => x.id)).toEqual(['m1', 'm2'])
  })

  test('multi-day forum: each session lands on its own local day', () => {
    const days = programmeByDay(
      [forum('main', 'MAIN', 0, [s('d1', '09:00', '10:00', '10'), s('d2', '09:00', '10:00', '11')]), forum('sub', 'SUB', 1, [s('x', '14:00', '15:00', '11')])],
      'Asia/Shanghai',
    )
    expect(days.map((d) => [d.day, d.columns.map((c) => c.forum.id)])).toEqual([
      ['2026-08-10', ['main']],
      ['2026-08-11', ['main', 'sub']],
    ])
  })

  test('the time zone decides the day: 07:00 in Shanghai is the previous day in UTC', () => {
    const days = programmeByDay([forum('main', 'MAIN', 0, [s('early', '07:00', '08:00')])], 'UTC')
    expect(days[0]!.day).toBe('2026-08-09')
  })

  test('a forum without sessions still shows on its first day', () => {
    const days = programmeByDay([forum('tbd', 'SUB', 1, [], t('09:00', '12'), t('17:00', '12'))], 'Asia/Shanghai')
    expect(days).toEqual([{ day: '2026-08-12', columns: [expect.objectContaining({ sessions: [] })] }])
  })
})

describe('findOverlaps', () => {
  test.each([
    ['back-to-back sessions do not overlap', [s('a', '09:00', '10:00'), s('b', '10:00', '11:00')], []],
    ['a session inside another overlaps', [s('a', '09:00', '12:00'), s('b', '10:00', '11:00')], [['a', 'b']]],
    ['partial overlap', [s('a', '09:00', '10:30'), s('b', '10:00', '11:00')], [['a', 'b']]],
    [
      'unsorted input, three-way overlap',
      [s('c', '09:45', '10:15'), s('a', '09:00', '10:00'), s('b', '09:30', '11:00')],
      [
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'c'],
      ],
    ],
    ['no sessions', [], []],
  ])('%s', (_name, sessions, expected) => {
    expect(findOverlaps(sessions).map(([a, b]) => [a.id, b.id])).toEqual(expected)
  })
})

describe('eventPhase', () => {
  const range = { startsAt: t('09:00'), endsAt: t('17:00') }
  test.each([
    [t('08:59'), 'upcoming'],
    [t('09:00'), 'live'],
    [t('16:59'), 'live'],
    [t('17:00'), 'past'],
  ] as const)('at %s the event is %s', (now, phase) => {
    expect(eventPhase(range, now)).toBe(phase)
  })
})

describe('speakerAppearances', () => {
  const talk = (id: string, from: string, to: string, speakerIds: string[], day = '10') => ({ ...s(id, from, to, day), speakers: speakerIds.map((sid) => ({ speaker: { id: sid } })) })
  const peopled = (id: string, kind: 'MAIN' | 'SUB', position: number, sessions: ReturnType<typeof talk>[], hosts: PeopledForum['hosts'] = []) => ({
    ...forum(id, kind, position, sessions),
    sessions,
    hosts,
  })
  const forums = [
    peopled('s2', 'SUB', 2, [talk('s2a', '14:00', '15:00', ['li'])], [{ role: 'CHAIR', speaker: { id: 'li' } }]),
    peopled(
      'main',
      'MAIN',
      0,
      [talk('m2', '10:00', '11:00', ['li', 'wang']), talk('m1', '09:00', '10:00', ['wang'])],
      [
        { role: 'CHAIR', speaker: { id: 'wang' } },
        { role: 'GUEST_CHAIR', speaker: { id: 'li' } },
      ],
    ),
    peopled('s1', 'SUB', 1, [talk('s1a', '14:00', '15:00', ['li']), talk('s1b', '09:00', '09:30', ['li'], '11')]),
  ]

  test('lists the sessions someone speaks in by time, parallel ones in forum order, and the forums they chair', () => {
    const { sessions, chairs } = speakerAppearances(forums, 'li')
    expect(sessions.map((x) => [x.forum.id, x.session.id])).toEqual([
      ['main', 'm2'],
      ['s1', 's1a'],
      ['s2', 's2a'],
      ['s1', 's1b'],
    ])
    expect(chairs.map((c) => [c.forum.id, c.role])).toEqual([
      ['main', 'GUEST_CHAIR'],
      ['s2', 'CHAIR'],
    ])
  })

  test('a chair who also speaks appears in both lists', () => {
    const { sessions, chairs } = speakerAppearances(forums, 'wang')
    expect(sessions.map((x) => x.session.id)).toEqual(['m1', 'm2'])
    expect(chairs.map((c) => c.role)).toEqual(['CHAIR'])
  })

  test('someone not on this programme appears nowhere', () => {
    expect(speakerAppearances(forums, 'zhang')).toEqual({ sessions: [], chairs: [] })
  })
})
