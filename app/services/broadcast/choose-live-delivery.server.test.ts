import { afterEach, beforeAll, expect, test } from 'vitest'
import { setWebRtcViewerSource } from '~/utils/webrtc-viewers.server.ts'

// The settings are read once per process: this file's own (vitest isolates test files).
beforeAll(() => {
  process.env.WEBRTC_VIEWER_CAPACITY = '3'
  process.env.BROADCAST = 'on'
})
afterEach(() => setWebRtcViewerSource(undefined))

test('viewers fill the WebRTC seats left by the last count, then go to HLS; the stage stays on WebRTC', async () => {
  const { chooseLiveDelivery } = await import('./choose-live-delivery.server.ts')
  let counts = 0
  setWebRtcViewerSource(async () => {
    counts++
    return 1
  })
  const viewer = { role: 'viewer' as const, preference: 'auto' as const }
  // One seat taken, capacity 3: two more viewers get WebRTC, the next ones HLS (no new count in between).
  expect(await chooseLiveDelivery(viewer)).toBe('WEBRTC')
  expect(await chooseLiveDelivery(viewer)).toBe('WEBRTC')
  expect(await chooseLiveDelivery(viewer)).toBe('HLS')
  expect(await chooseLiveDelivery(viewer)).toBe('HLS')
  expect(await chooseLiveDelivery({ role: 'moderator', preference: 'auto' })).toBe('WEBRTC')
  expect(await chooseLiveDelivery({ role: 'speaker', preference: 'stable' })).toBe('WEBRTC')
  expect(counts).toBe(1)
})

test('the stable mode and venue screens get HLS without asking the media server', async () => {
  const { chooseLiveDelivery } = await import('./choose-live-delivery.server.ts')
  let counts = 0
  setWebRtcViewerSource(async () => {
    counts++
    return 0
  })
  expect(await chooseLiveDelivery({ role: 'viewer', preference: 'stable' })).toBe('HLS')
  expect(await chooseLiveDelivery({ role: 'moderator', preference: 'auto', venue: true })).toBe('HLS')
  expect(counts).toBe(0)
})

test('without a media server to ask, viewers keep WebRTC', async () => {
  const { chooseLiveDelivery } = await import('./choose-live-delivery.server.ts')
  expect(await chooseLiveDelivery({ role: 'viewer', preference: 'auto' })).toBe('WEBRTC')
})
