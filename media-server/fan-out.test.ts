import { describe, expect, test } from 'vitest'
import { placeViewer } from './fan-out.ts'

const r = (routerId: string, viewers: number) => ({ routerId, viewers })

describe('placeViewer', () => {
  test.each([
    ['the stage router takes viewers while it has room', [r('stage', 0)], 2, true, { kind: 'existing', routerId: 'stage' }],
    ['a full stage router opens a router on a free worker', [r('stage', 2)], 2, true, { kind: 'new' }],
    ['the least-loaded router with room is filled first', [r('stage', 2), r('b', 1), r('c', 0)], 2, true, { kind: 'existing', routerId: 'c' }],
    ['ties go to the first router (the stage)', [r('stage', 1), r('b', 1)], 2, false, { kind: 'existing', routerId: 'stage' }],
    ['every router full and no free worker: the least-loaded overflows', [r('stage', 5), r('b', 3)], 2, false, { kind: 'existing', routerId: 'b' }],
    ['a room without routers needs one', [], 2, true, { kind: 'new' }],
  ] as const)('%s', (_name, routers, threshold, free, expected) => {
    expect(placeViewer(routers, threshold, free)).toEqual(expected)
  })
})
