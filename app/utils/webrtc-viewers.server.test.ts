import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { currentWebRtcViewers, noteWebRtcViewerAdmitted, setWebRtcViewerSource, WEBRTC_COUNT_FRESH_MS, WEBRTC_COUNT_STALE_MS, webRtcViewersFromHealth } from './webrtc-viewers.server.ts'

afterEach(() => setWebRtcViewerSource(undefined))

describe('currentWebRtcViewers', () => {
  test('is unknown without a media server', async () => {
    expect(await currentWebRtcViewers()).toBeNull()
  })

  test('many players asking at once cost one count', async () => {
    let calls = 0
    setWebRtcViewerSource(async () => {
      calls++
      return 42
    })
    const counts = await Promise.all(Array.from({ length: 200 }, () => currentWebRtcViewers()))
    expect(new Set(counts)).toEqual(new Set([42]))
    expect(calls).toBe(1)
  })

  test('viewers sent to WebRTC since the last count are added, and dropped by the next count', async () => {
    let value = 10
    setWebRtcViewerSource(async () => value)
    const start = Date.now()
    expect(await currentWebRtcViewers(start)).toBe(10)
    noteWebRtcViewerAdmitted()
    noteWebRtcViewerAdmitted()
    expect(await currentWebRtcViewers(start)).toBe(12)
    value = 12
    // A stale count is answered at once and refreshed behind it.
    expect(await currentWebRtcViewers(Date.now() + WEBRTC_COUNT_FRESH_MS)).toBe(12)
    await new Promise((r) => setTimeout(r, 10))
    expect(await currentWebRtcViewers()).toBe(12)
  })

  test('a media server that fails gives an unknown count, not an error', async () => {
    setWebRtcViewerSource(async () => {
      throw new Error('connection refused')
    })
    expect(await currentWebRtcViewers()).toBeNull()
  })

  test('a count that has not been refreshed for long is not trusted', async () => {
    let fail = false
    setWebRtcViewerSource(async () => {
      if (fail) throw new Error('gone')
      return 3
    })
    expect(await currentWebRtcViewers()).toBe(3)
    fail = true
    expect(await currentWebRtcViewers(Date.now() + WEBRTC_COUNT_STALE_MS + 1)).toBeNull()
  })
})

describe('webRtcViewersFromHealth', () => {
  async function healthServer(body: unknown) {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) }
  }

  test("reads webrtcViewers from the media process's /healthz", async () => {
    const media = await healthServer({ ok: true, mediasoup: { workers: 2 }, webrtcViewers: 7 })
    try {
      expect(await webRtcViewersFromHealth(media.url)()).toBe(7)
    } finally {
      await media.close()
    }
  })

  test('an older media host without the count is an error (the count stays unknown)', async () => {
    const media = await healthServer({ ok: true, mediasoup: { workers: 2 } })
    try {
      await expect(webRtcViewersFromHealth(media.url)()).rejects.toThrow(/webrtcViewers/)
    } finally {
      await media.close()
    }
  })
})
