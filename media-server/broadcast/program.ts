import path from 'node:path'
import { MAX_SEGMENT_SECONDS, RENDITIONS, initSegmentName } from '../../app/domain/hls-layout.ts'

/**
 * The broadcast program of one forum, as data: which stage video goes where in the 1280×720
 * picture, the SDP that tells ffmpeg where mediasoup sends each stream, and ffmpeg's
 * arguments for one encoder run (the ladder of app/domain/hls-layout.ts RENDITIONS).
 * Pure: no file system, no clock, no processes (docs/broadcast-and-replay.md, "Broadcaster").
 */

export type StageVideo = { producerId: string; peerId: string; source: 'camera' | 'screen' }
export type Placement = { producerId: string; x: number; y: number; width: number; height: number }

export const PROGRAM_WIDTH = 1280
export const PROGRAM_HEIGHT = 720

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2)

/**
 * Where each stage video sits in the program. A shared screen fills the picture and the active
 * speaker's camera (else the first camera) is inset in the bottom-right corner; without a
 * screen, one camera (the active speaker's when there are several and `speakerFills`) fills
 * the picture, and several are tiled in a near-square grid in stage order. Videos keep their
 * aspect ratio inside their box (ffmpeg pads), so placements are boxes, not crops.
 */
export function composeProgram(videos: readonly StageVideo[], activeSpeakerPeerId: string | null, options: { speakerFills?: boolean } = {}): Placement[] {
  const screen = videos.find((v) => v.source === 'screen')
  const cameras = videos.filter((v) => v.source === 'camera')
  const speakerCamera = cameras.find((c) => c.peerId === activeSpeakerPeerId) ?? cameras[0]
  const full = (producerId: string): Placement => ({ producerId, x: 0, y: 0, width: PROGRAM_WIDTH, height: PROGRAM_HEIGHT })
  if (screen) {
    const inset = speakerCamera ? [{ producerId: speakerCamera.producerId, width: 320, height: 180, x: PROGRAM_WIDTH - 320 - 16, y: PROGRAM_HEIGHT - 180 - 16 }] : []
    return [full(screen.producerId), ...inset]
  }
  if (cameras.length === 0) return []
  if (cameras.length === 1 || options.speakerFills) return [full(speakerCamera!.producerId)]
  const columns = Math.ceil(Math.sqrt(cameras.length))
  const rows = Math.ceil(cameras.length / columns)
  const width = even(PROGRAM_WIDTH / columns)
  const height = even(PROGRAM_HEIGHT / rows)
  return cameras.map((c, i) => ({ producerId: c.producerId, width, height, x: (i % columns) * width, y: Math.floor(i / columns) * height }))
}

/** One RTP stream mediasoup sends to ffmpeg: the consumer's codec and the ports ffmpeg listens on. */
export type SdpStream = {
  kind: 'audio' | 'video'
  payloadType: number
  /** e.g. "video/VP8", "video/H264", "audio/opus". */
  mimeType: string
  clockRate: number
  channels?: number
  parameters?: Record<string, string | number>
  rtpPort: number
  rtcpPort: number
}

/** The session description ffmpeg reads (`-f sdp`): one m-line per stream, RTCP on its own port. */
export function renderSdp(streams: readonly SdpStream[]): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=cme-broadcast', 'c=IN IP4 127.0.0.1', 't=0 0']
  for (const s of streams) {
    const codec = s.mimeType.split('/')[1]!
    lines.push(`m=${s.kind} ${s.rtpPort} RTP/AVP ${s.payloadType}`, `a=rtcp:${s.rtcpPort}`)
    lines.push(`a=rtpmap:${s.payloadType} ${codec}/${s.clockRate}${s.kind === 'audio' ? `/${s.channels ?? 2}` : ''}`)
    const fmtp = Object.entries(s.parameters ?? {})
      .filter(([key]) => !key.startsWith('x-google'))
      .map(([k, v]) => `${k}=${v}`)
    if (fmtp.length) lines.push(`a=fmtp:${s.payloadType} ${fmtp.join(';')}`)
    lines.push('a=recvonly')
  }
  return `${lines.join('\r\n')}\r\n`
}

export type EncoderSettings = {
  /** libx264 preset: veryfast or faster (docs/decisions/018A). */
  preset: string
  /** Kernel receive buffer per RTP socket, bytes. */
  socketBufferBytes: number
}

export const DEFAULT_ENCODER: EncoderSettings = { preset: 'superfast', socketBufferBytes: 4 * 1024 * 1024 }

/** The ffmpeg playlist of one run, in a rendition folder (the node-side writer reads it, then deletes it). */
export function runPlaylistName(run: number): string {
  return `ffmpeg-${String(run).padStart(3, '0')}.m3u8`
}

function sdpInput(sdpPath: string, encoder: EncoderSettings): string[] {
  return [
    '-protocol_whitelist',
    'file,udp,rtp',
    '-buffer_size',
    String(encoder.socketBufferBytes),
    // Loopback never reorders: no reorder queue, so a lost packet is skipped at once instead
    // of holding every stream of the SDP back for max_delay.
    '-reorder_queue_size',
    '0',
    // Up to 3 s to see a key frame of every video (its size is known only then; the run asks
    // the senders for key frames as it starts).
    '-analyzeduration',
    '3000000',
    '-probesize',
    '5000000',
    // The frame rate comes from the canvas, so ffmpeg need not estimate the stage's.
    '-fpsprobesize',
    '0',
    '-f',
    'sdp',
    '-i',
    sdpPath,
  ]
}

/**
 * ffmpeg's arguments for one encoder run. Input 0 is the SDP (video streams first, in the
 * order of `videos`, then audio); inputs 1 and 2 are a black canvas and silence, read at real
 * time (`-re`), so the program has a clock even when the stage sends nothing. Every stage
 * stream starts at 0 (setpts/asetpts), videos are scaled into their boxes over the canvas, all
 * microphones are mixed over the silence, and the program is split into the ladder, each
 * rendition an HLS fMP4 output with a key frame every MAX_SEGMENT_SECONDS.
 */
export function ffmpegArguments(input: {
  sdpPath: string
  recordingPath: string
  run: number
  placements: readonly Placement[]
  /** SDP index of each video stream by producer id. */
  videoIndex: ReadonlyMap<string, number>
  /** SDP indexes of the audio streams. */
  audioIndexes: readonly number[]
  encoder?: EncoderSettings
}): string[] {
  const encoder = input.encoder ?? DEFAULT_ENCODER
  // Without a stage stream there is no SDP input: the canvas and the silence come first.
  const hasSdp = input.videoIndex.size + input.audioIndexes.length > 0
  const [canvasInput, silenceInput] = hasSdp ? [1, 2] : [0, 1]
  const filters: string[] = []
  let canvas = `[${canvasInput}:v]`
  input.placements.forEach((p, i) => {
    const stream = input.videoIndex.get(p.producerId)
    if (stream === undefined) throw new Error(`no SDP stream for producer ${p.producerId}`)
    filters.push(
      `[0:${stream}]setpts=PTS-STARTPTS,scale=${p.width}:${p.height}:force_original_aspect_ratio=decrease,pad=${p.width}:${p.height}:(ow-iw)/2:(oh-ih)/2,setsar=1[v${i}]`,
      `${canvas}[v${i}]overlay=x=${p.x}:y=${p.y}:eof_action=pass:repeatlast=1[c${i}]`,
    )
    canvas = `[c${i}]`
  })
  const ladder = RENDITIONS.map((r) => r.name)
  filters.push(`${canvas}format=yuv420p,split=${ladder.length}${ladder.map((n) => `[${n}v]`).join('')}`)
  const mics = input.audioIndexes.map((stream, i) => {
    filters.push(`[0:${stream}]asetpts=PTS-STARTPTS,aresample=48000:async=1000[m${i}]`)
    return `[m${i}]`
  })
  filters.push(
    `[${silenceInput}:a]${mics.join('')}amix=inputs=${mics.length + 1}:duration=first:dropout_transition=0:normalize=0,aresample=48000,asplit=${ladder.length}${ladder.map((n) => `[${n}a]`).join('')}`,
  )
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'warning',
    ...(hasSdp ? sdpInput(input.sdpPath, encoder) : []),
    ...programSources(),
    '-filter_complex',
    filters.join(';'),
    ...ladderOutputs(input.recordingPath, input.run, encoder),
  ]
}

/** The black canvas and the silence, read at real time: the program's clock. */
function programSources(): string[] {
  return ['-re', '-f', 'lavfi', '-i', `color=c=black:s=${RENDITIONS[0].width}x${RENDITIONS[0].height}:r=${RENDITIONS[0].fps}`, '-re', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo']
}

/**
 * The ladder's outputs for filter-graph pads `[<rendition>v]` and `[<rendition>a]`: per
 * rendition an HLS fMP4 output writing `init-<run>.mp4`, `seg-<run>-<seq>.m4s` and ffmpeg's
 * own per-run playlist. (Also used by bench/broadcast-encoding-cost.ts for its baseline.)
 */
export function ladderOutputs(recordingPath: string, run: number, encoder: EncoderSettings = DEFAULT_ENCODER): string[] {
  const gop = RENDITIONS[0].fps * MAX_SEGMENT_SECONDS
  return RENDITIONS.flatMap((r) => {
    const folder = path.join(recordingPath, r.name)
    return [
      '-map',
      `[${r.name}v]`,
      '-map',
      `[${r.name}a]`,
      '-s',
      `${r.width}x${r.height}`,
      '-r',
      String(r.fps),
      '-c:v',
      'libx264',
      '-preset',
      encoder.preset,
      '-tune',
      'zerolatency',
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      '-force_key_frames',
      `expr:gte(t,n_forced*${MAX_SEGMENT_SECONDS})`,
      '-b:v',
      `${r.videoKbps}k`,
      '-maxrate',
      `${Math.round(r.videoKbps * 1.2)}k`,
      '-bufsize',
      `${r.videoKbps * 2}k`,
      '-c:a',
      'aac',
      '-b:a',
      `${r.audioKbps}k`,
      '-ac',
      '2',
      '-ar',
      '48000',
      ...hlsMuxerArguments(folder, run, runPlaylistName(run)),
    ]
  })
}

/**
 * ffmpeg's HLS muxer for one rendition of one run: fMP4 segments of MAX_SEGMENT_SECONDS named by
 * the layout (`init-<run>.mp4`, `seg-<run>-<seq>.m4s`) in `folder`, and ffmpeg's playlist `playlistFile`.
 */
export function hlsMuxerArguments(folder: string, run: number, playlistFile: string): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(MAX_SEGMENT_SECONDS),
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'event',
    '-hls_segment_type',
    'fmp4',
    '-hls_flags',
    'independent_segments+program_date_time+temp_file',
    '-hls_fmp4_init_filename',
    initSegmentName(run),
    '-hls_segment_filename',
    path.join(folder, `seg-${String(run).padStart(3, '0')}-%06d.m4s`),
    path.join(folder, playlistFile),
  ]
}
