import { describe, expect, test } from 'vitest'
import { composeProgram, ffmpegArguments, renderSdp, type StageVideo } from './program.ts'

const cam = (peerId: string): StageVideo => ({ producerId: `cam-${peerId}`, peerId, source: 'camera' })
const screen = (peerId: string): StageVideo => ({ producerId: `screen-${peerId}`, peerId, source: 'screen' })
const full = (producerId: string) => ({ producerId, x: 0, y: 0, width: 1280, height: 720 })

describe('composeProgram', () => {
  test.each([
    { name: 'nothing on stage is an empty picture', videos: [], speaker: null, expected: [] },
    { name: 'one camera fills the picture', videos: [cam('a')], speaker: null, expected: [full('cam-a')] },
    {
      name: 'two cameras sit side by side',
      videos: [cam('a'), cam('b')],
      speaker: 'b',
      expected: [
        { producerId: 'cam-a', x: 0, y: 0, width: 640, height: 720 },
        { producerId: 'cam-b', x: 640, y: 0, width: 640, height: 720 },
      ],
    },
    {
      name: 'three cameras make a 2×2 grid in stage order',
      videos: [cam('a'), cam('b'), cam('c')],
      speaker: null,
      expected: [
        { producerId: 'cam-a', x: 0, y: 0, width: 640, height: 360 },
        { producerId: 'cam-b', x: 640, y: 0, width: 640, height: 360 },
        { producerId: 'cam-c', x: 0, y: 360, width: 640, height: 360 },
      ],
    },
    {
      name: 'a screen fills the picture with the active speaker inset bottom right',
      videos: [cam('a'), cam('b'), screen('a')],
      speaker: 'b',
      expected: [full('screen-a'), { producerId: 'cam-b', x: 944, y: 524, width: 320, height: 180 }],
    },
    {
      name: 'a screen without an active speaker insets the first camera',
      videos: [cam('a'), screen('b'), cam('b')],
      speaker: null,
      expected: [full('screen-b'), { producerId: 'cam-a', x: 944, y: 524, width: 320, height: 180 }],
    },
    { name: 'a screen alone fills the picture', videos: [screen('a')], speaker: 'a', expected: [full('screen-a')] },
  ])('$name', ({ videos, speaker, expected }) => {
    expect(composeProgram(videos, speaker)).toEqual(expected)
  })

  test('the active speaker fills the picture when asked, whoever else is on stage', () => {
    expect(composeProgram([cam('a'), cam('b'), cam('c')], 'c', { speakerFills: true })).toEqual([full('cam-c')])
  })

  test('nine cameras make a 3×3 grid with even sizes', () => {
    const placements = composeProgram(
      Array.from({ length: 9 }, (_, i) => cam(`p${i}`)),
      null,
    )
    expect(placements.at(-1)).toEqual({ producerId: 'cam-p8', x: 852, y: 480, width: 426, height: 240 })
    for (const p of placements) expect([p.width % 2, p.height % 2]).toEqual([0, 0])
  })
})

describe('renderSdp', () => {
  test('one m-line per stream with its own RTCP port; x-google parameters left out', () => {
    const sdp = renderSdp([
      {
        kind: 'video',
        payloadType: 101,
        mimeType: 'video/H264',
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'x-google-start-bitrate': 1000 },
        rtpPort: 5000,
        rtcpPort: 5001,
      },
      { kind: 'audio', payloadType: 100, mimeType: 'audio/opus', clockRate: 48000, channels: 2, rtpPort: 5002, rtcpPort: 5003 },
    ])
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=cme-broadcast',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 5000 RTP/AVP 101',
      'a=rtcp:5001',
      'a=rtpmap:101 H264/90000',
      'a=fmtp:101 packetization-mode=1;profile-level-id=42e01f',
      'a=recvonly',
      'm=audio 5002 RTP/AVP 100',
      'a=rtcp:5003',
      'a=rtpmap:100 opus/48000/2',
      'a=recvonly',
      '',
    ])
  })
})

describe('ffmpegArguments', () => {
  const base = { sdpPath: '/r/run-003.sdp', recordingPath: '/r', run: 3 }
  const graph = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!

  test('places each video over the canvas, mixes the microphones over silence, and splits the ladder', () => {
    const args = ffmpegArguments({
      ...base,
      placements: composeProgram([cam('a'), screen('a')], 'a'),
      videoIndex: new Map([
        ['screen-a', 0],
        ['cam-a', 1],
      ]),
      audioIndexes: [2, 3],
    })
    const filters = graph(args).split(';')
    expect(filters).toContain('[1:v][v0]overlay=x=0:y=0:eof_action=pass:repeatlast=1[c0]')
    expect(filters).toContain('[c0][v1]overlay=x=944:y=524:eof_action=pass:repeatlast=1[c1]')
    expect(filters[0]).toMatch(/^\[0:0\]setpts=PTS-STARTPTS,scale=1280:720/)
    expect(filters).toContain('[c1]format=yuv420p,split=2[720pv][360pv]')
    expect(filters.at(-1)).toMatch(/^\[2:a\]\[m0\]\[m1\]amix=inputs=3:duration=first/)
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', '/r/run-003.sdp'])
  })

  test('each rendition is an HLS fMP4 output of the run, with a key frame every 2 s', () => {
    const args = ffmpegArguments({ ...base, placements: [], videoIndex: new Map(), audioIndexes: [] })
    expect(args.filter((a) => a === '-f' || a === 'hls').length).toBeGreaterThan(0)
    expect(args).toContain('/r/720p/seg-003-%06d.m4s')
    expect(args).toContain('/r/360p/ffmpeg-003.m3u8')
    expect(args.filter((a) => a === 'init-003.mp4')).toHaveLength(2)
    expect(args.filter((a) => a === 'expr:gte(t,n_forced*2)')).toHaveLength(2)
    expect(args[args.indexOf('-s') + 1]).toBe('1280x720')
    expect(args[args.lastIndexOf('-s') + 1]).toBe('640x360')
  })

  test('with nothing on stage there is no SDP input: black and silence only', () => {
    const args = ffmpegArguments({ ...base, placements: [], videoIndex: new Map(), audioIndexes: [] })
    expect(args).not.toContain('sdp')
    expect(graph(args)).toBe('[0:v]format=yuv420p,split=2[720pv][360pv];[1:a]amix=inputs=1:duration=first:dropout_transition=0:normalize=0,aresample=48000,asplit=2[720pa][360pa]')
  })

  test('a placement without an SDP stream is a programming error', () => {
    expect(() => ffmpegArguments({ ...base, placements: composeProgram([cam('a')], null), videoIndex: new Map(), audioIndexes: [0] })).toThrow(/no SDP stream/)
  })
})
