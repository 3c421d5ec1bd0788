import { describe, expect, test } from 'vitest'
import { compareForEventList, eventLifecycle, registrationOpen, type LifecycleInput } from './event-lifecycle.ts'

const at = (iso: string) => new Date(`2027-03-${iso}Z`)
const event = (over: Partial<LifecycleInput> = {}): LifecycleInput => ({
  status: 'PUBLISHED',
  startsAt: at('10T01:00:00'),
  endsAt: at('11T09:00:00'),
  lifecycleOverride: null,
  forums: [{ liveStatus: 'OFFLINE' }, { liveStatus: 'OFFLINE' }],
  ...over,
})

describe('the event lifecycle', () => {
  test.each([
    ['a draft, whatever the time', event({ status: 'DRAFT' }), '10T05:00:00', 'draft'],
    ['archived, whatever the time', event({ status: 'ARCHIVED' }), '01T00:00:00', 'archived'],
    ['published, before its start', event(), '09T23:00:00', 'upcoming'],
    ['between start and end', event(), '10T05:00:00', 'live'],
    ['after its end', event(), '11T09:00:00', 'ended'],
    ['a forum started early, before the scheduled start', event({ forums: [{ liveStatus: 'LIVE' }] }), '10T00:30:00', 'live'],
    ['a forum overrunning past the scheduled end', event({ forums: [{ liveStatus: 'LIVE' }, { liveStatus: 'ENDED' }] }), '11T10:00:00', 'live'],
    ['a forum paused past the end is still on', event({ forums: [{ liveStatus: 'PAUSED' }] }), '11T10:00:00', 'live'],
    ['every forum ended before the scheduled end', event({ forums: [{ liveStatus: 'ENDED' }, { liveStatus: 'ENDED' }] }), '10T08:00:00', 'ended'],
    ['one forum ended, another not yet on', event({ forums: [{ liveStatus: 'ENDED' }, { liveStatus: 'OFFLINE' }] }), '10T08:00:00', 'live'],
    ['staff ended it early', event({ lifecycleOverride: 'ENDED' }), '09T00:00:00', 'ended'],
    ['staff ended it though a forum is on air', event({ lifecycleOverride: 'ENDED', forums: [{ liveStatus: 'LIVE' }] }), '10T05:00:00', 'ended'],
    ['staff keep it open past its dates', event({ lifecycleOverride: 'OPEN' }), '12T00:00:00', 'live'],
    ['kept open, but not started yet', event({ lifecycleOverride: 'OPEN' }), '09T00:00:00', 'upcoming'],
    ['kept open with every forum ended', event({ lifecycleOverride: 'OPEN', forums: [{ liveStatus: 'ENDED' }] }), '12T00:00:00', 'live'],
    ['archived beats an override', event({ status: 'ARCHIVED', lifecycleOverride: 'OPEN' }), '10T05:00:00', 'archived'],
  ] as const)('%s', (_label, input, now, expected) => {
    expect(eventLifecycle(input, at(now))).toBe(expected)
  })

  test.each([
    ['draft', false],
    ['upcoming', true],
    ['live', true],
    ['ended', false],
    ['archived', false],
  ] as const)('registration is %s: open %s', (lifecycle, open) => {
    expect(registrationOpen(lifecycle)).toBe(open)
  })
})

describe('the events list order', () => {
  test('live, then upcoming soonest first, then past most recent first', () => {
    const list = [
      { name: 'past-old', lifecycle: 'ended' as const, startsAt: at('01T00:00:00') },
      { name: 'upcoming-late', lifecycle: 'upcoming' as const, startsAt: at('20T00:00:00') },
      { name: 'past-recent', lifecycle: 'archived' as const, startsAt: at('05T00:00:00') },
      { name: 'live', lifecycle: 'live' as const, startsAt: at('09T00:00:00') },
      { name: 'upcoming-soon', lifecycle: 'upcoming' as const, startsAt: at('12T00:00:00') },
    ]
    expect([...list].sort(compareForEventList).map((e) => e.name)).toEqual(['live', 'upcoming-soon', 'upcoming-late', 'past-recent', 'past-old'])
  })
})
