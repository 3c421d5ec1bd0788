import { describe, expect, test } from 'vitest'
import { replayNotice, type RecordingFacts, type ReplayFacts } from './replay-notice.ts'

const at = (hhmm: string) => new Date(`2027-03-10T${hhmm}:00Z`)
const now = at('12:00')
const replay = (over: Partial<ReplayFacts> = {}): ReplayFacts => ({ published: false, publishedAt: null, availableFrom: null, availableUntil: null, ...over })
const published = (over: Partial<ReplayFacts> = {}) => replay({ published: true, publishedAt: at('11:00'), ...over })
const recording = (status: RecordingFacts['status']): RecordingFacts => ({ status })

describe('what an ended forum says about its replay', () => {
  test.each([
    ['nothing was recorded', [], [], { kind: 'none' }],
    ['the recording is still being closed', [recording('RECORDING')], [], { kind: 'preparing' }],
    ['a recording with no media failed and made no replay', [recording('FAILED')], [], { kind: 'none' }],
    ['the replay is made, staff have not published it', [recording('ENDED')], [replay()], { kind: 'preparing' }],
    ['a failed recording still has a replay staff may publish', [recording('FAILED')], [replay()], { kind: 'preparing' }],
    ['published, no window', [recording('ENDED')], [published()], { kind: 'available' }],
    ['published, inside its window', [recording('ENDED')], [published({ availableFrom: at('11:00'), availableUntil: at('13:00') })], { kind: 'available' }],
    ['published, its window opens exactly now', [recording('ENDED')], [published({ availableFrom: at('12:00') })], { kind: 'available' }],
    ['published, opens later', [recording('ENDED')], [published({ availableFrom: at('18:00') })], { kind: 'opens', at: at('18:00') }],
    ['published, its window closed exactly now', [recording('ENDED')], [published({ availableUntil: at('12:00') })], { kind: 'closed' }],
    ['published, its window has passed', [recording('ENDED')], [published({ availableFrom: at('08:00'), availableUntil: at('10:00') })], { kind: 'closed' }],
    ['published once, then withdrawn by staff', [recording('ENDED')], [replay({ publishedAt: at('11:00') })], { kind: 'none' }],
    ['reopened: recording again, the old replay published', [recording('RECORDING')], [published()], { kind: 'available' }],
    ['one open replay among closed ones', [], [published({ availableUntil: at('10:00') }), published()], { kind: 'available' }],
    ['the earliest of two later openings', [], [published({ availableFrom: at('20:00') }), published({ availableFrom: at('18:00') })], { kind: 'opens', at: at('18:00') }],
    ['a later opening beats one still being prepared', [recording('RECORDING')], [published({ availableFrom: at('18:00') })], { kind: 'opens', at: at('18:00') }],
  ] as const)('%s', (_name, recordings, replays, expected) => {
    expect(replayNotice({ recordings, replays }, now)).toEqual(expected)
  })
})
