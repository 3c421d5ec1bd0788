import { spawn, type ChildProcess } from 'node:child_process'
import type { types } from 'mediasoup'

/**
 * A stage participant without a browser: ffmpeg encodes a test pattern (VP8) and a tone
 * (Opus) in real time and sends them as RTP into mediasoup PlainTransports (comedia), as
 * mediasoup's "broadcaster" example does. For the broadcaster's tests and benchmarks.
 */
export type RtpStageSource = { videoTransport?: types.PlainTransport; audioTransport?: types.PlainTransport; process: ChildProcess; stop: () => Promise<void> }

export const STAGE_VIDEO_PT = 101
export const STAGE_AUDIO_PT = 100

export function stageVideoRtpParameters(ssrc: number): types.RtpParameters {
  return { codecs: [{ mimeType: 'video/VP8', payloadType: STAGE_VIDEO_PT, clockRate: 90000 }], encodings: [{ ssrc }] }
}

export function stageAudioRtpParameters(ssrc: number): types.RtpParameters {
  return { codecs: [{ mimeType: 'audio/opus', payloadType: STAGE_AUDIO_PT, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] }
}

/**
 * Starts ffmpeg sending to the given ports. ffmpeg sends RTCP from a socket of its own, so the
 * PlainTransports must not mux RTCP (comedia learns each tuple from its first packet). `video` and
 * `audio` are the target ports; either may be absent. Small frames (320×180, 15 fps) keep the
 * sender cheap next to the encoder under test; a key frame every second stands in for the
 * browser's answer to a key-frame request (ffmpeg ignores PLIs).
 */
export function startRtpStageSender(options: {
  video?: { port: number; rtcpPort: number; ssrc: number; pattern?: 'testsrc2' | 'smptebars' | 'mandelbrot' }
  audio?: { port: number; rtcpPort: number; ssrc: number; frequency?: number }
  ffmpegPath?: string
}): { process: ChildProcess; stop: () => Promise<void> } {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-re']
  if (options.video) args.push('-f', 'lavfi', '-i', `${options.video.pattern ?? 'testsrc2'}=size=320x180:rate=15`)
  if (options.audio) args.push(...(options.video ? ['-re'] : []), '-f', 'lavfi', '-i', `sine=frequency=${options.audio.frequency ?? 440}:sample_rate=48000`)
  let input = 0
  if (options.video) {
    const v = options.video
    args.push('-map', `${input++}:v`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15', '-keyint_min', '15', '-error-resilient', '1')
    args.push('-f', 'rtp', '-payload_type', String(STAGE_VIDEO_PT), '-ssrc', String(v.ssrc), `rtp://127.0.0.1:${v.port}?rtcpport=${v.rtcpPort}&pkt_size=1200`)
  }
  if (options.audio) {
    const a = options.audio
    args.push('-map', `${input++}:a`, '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', '-ar', '48000')
    args.push('-f', 'rtp', '-payload_type', String(STAGE_AUDIO_PT), '-ssrc', String(a.ssrc), `rtp://127.0.0.1:${a.port}?rtcpport=${a.rtcpPort}&pkt_size=1200`)
  }
  const child = spawn(options.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] })
  return {
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('close', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}
