import { describe, expect, test } from 'vitest'
import { myForums, type ForumAssignment } from './my-forums.ts'

const forum = (id: string, start: string, end: string) => ({ id, startsAt: new Date(`2027-05-${start}Z`), endsAt: new Date(`2027-05-${end}Z`) })
const NOW = new Date('2027-05-20T06:00:00Z')
const morning = forum('morning', '20T00:30:00', '20T04:00:00')
const afternoon = forum('afternoon', '20T05:30:00', '20T09:00:00')
const tomorrow = forum('tomorrow', '21T00:30:00', '21T04:00:00')
const lastWeek = forum('last-week', '13T00:30:00', '13T04:00:00')

describe('my forums', () => {
  test('one entry per forum with every role, the strongest first; a moderator gets the console, others the stage', () => {
    const rows: ForumAssignment<typeof morning>[] = [
      { forum: afternoon, role: 'SPEAKER' },
      { forum: afternoon, role: 'MODERATOR' },
      { forum: afternoon, role: 'SPEAKER' },
      { forum: tomorrow, role: 'INVITED' },
      { forum: tomorrow, role: 'CHAIR' },
    ]
    expect(myForums(rows, NOW).map((f) => ({ id: f.id, roles: f.roles, link: f.link }))).toEqual([
      { id: 'afternoon', roles: ['MODERATOR', 'SPEAKER'], link: 'console' },
      { id: 'tomorrow', roles: ['CHAIR', 'INVITED'], link: 'stage' },
    ])
  })

  test.each([
    { label: 'running and upcoming first, soonest first', rows: [tomorrow, afternoon], order: ['afternoon', 'tomorrow'] },
    { label: 'then past forums, most recent first', rows: [lastWeek, tomorrow, morning], order: ['tomorrow', 'morning', 'last-week'] },
    { label: 'nothing assigned, nothing listed', rows: [], order: [] },
  ])('$label', ({ rows, order }) => {
    expect(
      myForums(
        rows.map((f) => ({ forum: f, role: 'SPEAKER' as const })),
        NOW,
      ).map((f) => f.id),
    ).toEqual(order)
  })

  test('a forum ending exactly now is past', () => {
    expect(myForums([{ forum: forum('x', '20T02:00:00', '20T06:00:00'), role: 'MODERATOR' }], NOW)[0]!.past).toBe(true)
  })
})
