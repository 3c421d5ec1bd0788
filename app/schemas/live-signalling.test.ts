import { describe, expect, test } from 'vitest'
import { requestSchemas, type RequestName } from './live-signalling.ts'

const fingerprint = { algorithm: 'sha-256', value: 'AB:CD:EF:01:23:45:67:89' }
const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }

describe('signalling payloads', () => {
  test.each<[RequestName, unknown]>([
    ['getRouterRtpCapabilities', undefined],
    ['getRouterRtpCapabilities', {}],
    ['join', { rtpCapabilities: { codecs: [{ mimeType: 'video/VP8', clockRate: 90000, kind: 'video' }], headerExtensions: [] } }],
    ['createWebRtcTransport', { direction: 'recv' }],
    ['createWebRtcTransport', { direction: 'send', forceTcp: true }],
    ['connectWebRtcTransport', { transportId: 't1', dtlsParameters: { role: 'client', fingerprints: [fingerprint] } }],
    ['produce', { transportId: 't1', kind: 'audio', source: 'mic', rtpParameters: { codecs: [opus], encodings: [{ ssrc: 1 }] } }],
    ['consume', { transportId: 't1', producerId: 'p1' }],
    ['consume', { transportId: 't1', producerId: 'p1', spatialLayer: 2 }],
    ['setConsumerPreferredLayers', { consumerId: 'c1', spatialLayer: 0, temporalLayer: 2 }],
    ['setLiveStatus', { status: 'PAUSED' }],
    ['removeFromStage', { userId: 'u1' }],
  ])('accepts a good %s', (name, payload) => {
    expect(requestSchemas[name].safeParse(payload).success).toBe(true)
  })

  test.each<[RequestName, unknown]>([
    ['getRouterRtpCapabilities', { extra: 1 }],
    ['join', {}],
    ['join', { rtpCapabilities: { codecs: Array.from({ length: 65 }, () => opus) } }],
    ['createWebRtcTransport', { direction: 'both' }],
    ['connectWebRtcTransport', { transportId: 't1', dtlsParameters: { fingerprints: [] } }],
    ['connectWebRtcTransport', { transportId: 't1', dtlsParameters: { role: 'boss', fingerprints: [fingerprint] } }],
    ['produce', { transportId: 't1', kind: 'audio', source: 'microphone', rtpParameters: { codecs: [opus] } }],
    ['produce', { transportId: 't1', kind: 'audio', source: 'mic', rtpParameters: { codecs: [] } }],
    ['produce', { transportId: 't1', kind: 'video', source: 'camera', rtpParameters: { codecs: [{ ...opus, payloadType: 200 }] } }],
    ['produce', { transportId: 't1', kind: 'video', source: 'camera', rtpParameters: { codecs: [opus], encodings: [{}, {}, {}, {}, {}] } }],
    ['consume', { transportId: '', producerId: 'p1' }],
    ['consume', { transportId: 't1', producerId: 'x'.repeat(65) }],
    ['consume', { transportId: 't1', producerId: 'p1', spatialLayer: 3 }],
    ['setConsumerPreferredLayers', { consumerId: 'c1', spatialLayer: 1.5 }],
    ['setLiveStatus', { status: 'ON_AIR' }],
    ['resumeConsumer', 'c1'],
    ['resumeConsumer', null],
  ])('refuses a bad %s: %j', (name, payload) => {
    expect(requestSchemas[name].safeParse(payload ?? undefined).success).toBe(false)
  })
})
