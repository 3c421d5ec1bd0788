import { describe, expect, test } from 'vitest'
import { chooseDelivery, parseDeliveryPreference, secondsBehindLive, signedUrlRefreshDelay, webrtcViewerCapacity, type DeliveryInput } from './stream-delivery.ts'

const base: DeliveryInput = { role: 'viewer', webrtcViewers: 10, capacity: 500, preference: 'auto', venue: false, hlsAvailable: true }

describe('chooseDelivery', () => {
  test.each<[string, Partial<DeliveryInput>, 'WEBRTC' | 'HLS']>([
    ['a viewer gets WebRTC while the node has room', {}, 'WEBRTC'],
    ['the last free WebRTC seat still goes to WebRTC', { webrtcViewers: 499 }, 'WEBRTC'],
    ['a full node sends the next viewer to HLS', { webrtcViewers: 500 }, 'HLS'],
    ['an over-full node (a burst between counts) sends viewers to HLS', { webrtcViewers: 612 }, 'HLS'],
    ['capacity 0 sends every viewer to HLS', { webrtcViewers: 0, capacity: 0 }, 'HLS'],
    ['a viewer who chose the stable mode gets HLS on an empty node', { preference: 'stable', webrtcViewers: 0 }, 'HLS'],
    ['an unknown count keeps WebRTC', { webrtcViewers: null }, 'WEBRTC'],
    ['an unknown count with the stable mode is still HLS', { webrtcViewers: null, preference: 'stable' }, 'HLS'],
    ['a speaker on a full node stays on WebRTC', { role: 'speaker', webrtcViewers: 10_000 }, 'WEBRTC'],
    ['a moderator on a full node stays on WebRTC', { role: 'moderator', webrtcViewers: 10_000, capacity: 0 }, 'WEBRTC'],
    ['a speaker who prefers stable stays on WebRTC (they are on stage)', { role: 'speaker', preference: 'stable' }, 'WEBRTC'],
    ['a venue screen gets HLS on an empty node', { venue: true, webrtcViewers: 0 }, 'HLS'],
    ['a venue screen opened by a moderator gets HLS too', { venue: true, role: 'moderator' }, 'HLS'],
    ['without the HLS ladder (BROADCAST=off) a full node still gives WebRTC', { hlsAvailable: false, webrtcViewers: 10_000 }, 'WEBRTC'],
    ['without the HLS ladder the stable mode falls back to WebRTC', { hlsAvailable: false, preference: 'stable' }, 'WEBRTC'],
  ])('%s', (_name, patch, expected) => {
    expect(chooseDelivery({ ...base, ...patch })).toBe(expected)
  })
})

describe('webrtcViewerCapacity', () => {
  test.each([
    [{ MEDIASOUP_WORKERS: 2, MEDIA_VIEWERS_PER_ROUTER: 250 }, 500],
    [{ MEDIASOUP_WORKERS: 8, MEDIA_VIEWERS_PER_ROUTER: 100 }, 800],
    [{ WEBRTC_VIEWER_CAPACITY: 0, MEDIASOUP_WORKERS: 2, MEDIA_VIEWERS_PER_ROUTER: 250 }, 0],
    [{ WEBRTC_VIEWER_CAPACITY: 40, MEDIASOUP_WORKERS: 2, MEDIA_VIEWERS_PER_ROUTER: 250 }, 40],
  ])('%o → %i', (settings, expected) => {
    expect(webrtcViewerCapacity(settings)).toBe(expected)
  })
})

describe('parseDeliveryPreference', () => {
  test.each([
    ['stable', 'stable'],
    ['auto', 'auto'],
    ['STABLE', 'auto'],
    ['', 'auto'],
    [null, 'auto'],
    [undefined, 'auto'],
    ['hls', 'auto'],
  ])('%s → %s', (value, expected) => {
    expect(parseDeliveryPreference(value)).toBe(expected)
  })
})

describe('secondsBehindLive', () => {
  test.each([
    [null, 10_000, null],
    [Number.NaN, 10_000, null],
    [5_000, 10_000, 5],
    [5_600, 10_000, 4],
    [10_000, 10_000, 0],
    [11_000, 10_000, 0],
  ])('frame at %s, now %s → %s s', (playing, now, expected) => {
    expect(secondsBehindLive(playing, now)).toBe(expected)
  })
})

describe('signedUrlRefreshDelay', () => {
  test.each([
    ['a 600 s URL is refreshed a minute before it expires', 600_000, 540_000],
    ['a 90 s URL is refreshed at half its life, not 30 s before', 90_000, 45_000],
    ['a 30 s URL is refreshed at half its life', 30_000, 15_000],
    ['an expired URL is refreshed at once', -5_000, 0],
    ['a URL expiring now is refreshed at once', 0, 0],
  ])('%s', (_name, left, expected) => {
    expect(signedUrlRefreshDelay(1_000_000 + left, 1_000_000)).toBe(expected)
  })
})
