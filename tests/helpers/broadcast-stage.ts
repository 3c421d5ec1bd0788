import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Room } from '../../media-server/room.ts'
import { parseMediaPlaylist, type MediaPlaylist } from '../../app/domain/hls-playlist.ts'
import { LIVE_MEDIA_PLAYLIST, RECORDING_META, type RecordingMeta, type RenditionName } from '../../app/domain/hls-layout.ts'
import { startRtpStageSender, stageAudioRtpParameters, stageVideoRtpParameters } from './rtp-stage.ts'

const run = promisify(execFile)
let ssrcSeq = 10_000

/**
 * A speaker on a Room's stage without a browser: joins, opens PlainTransports (no rtcp-mux,
 * comedia) and produces what an ffmpeg sender sends (VP8 test pattern, Opus tone).
 */
export async function joinStageWithMedia(
  room: Room,
  peerId: string,
  options: { video?: 'camera' | 'screen' | false; audio?: boolean; pattern?: 'testsrc2' | 'smptebars' | 'mandelbrot'; frequency?: number } = {},
) {
  const { video = 'camera', audio = true } = options
  if (!room.peers.has(peerId)) {
    await room.join({ peerId, userId: `user-${peerId}`, role: 'speaker', name: `Speaker ${peerId}`, rtpCapabilities: room.rtpCapabilities, notify: () => undefined })
  }
  const sender: Parameters<typeof startRtpStageSender>[0] = {}
  const producerIds: string[] = []
  if (video) {
    const ssrc = ssrcSeq++
    const transport = await room.createPlainTransport(peerId, { direction: 'send', rtcpMux: false })
    const { producerId } = await room.produce(peerId, { transportId: transport.id, kind: 'video', source: video, rtpParameters: stageVideoRtpParameters(ssrc) })
    producerIds.push(producerId)
    sender.video = { port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort, ssrc, pattern: options.pattern }
  }
  if (audio) {
    const ssrc = ssrcSeq++
    const transport = await room.createPlainTransport(peerId, { direction: 'send', rtcpMux: false })
    const { producerId } = await room.produce(peerId, { transportId: transport.id, kind: 'audio', source: 'mic', rtpParameters: stageAudioRtpParameters(ssrc) })
    producerIds.push(producerId)
    sender.audio = { port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort, ssrc, frequency: options.frequency }
  }
  const media = startRtpStageSender(sender)
  return { producerIds, stop: media.stop }
}

export async function readLivePlaylist(recordingPath: string, rendition: RenditionName): Promise<MediaPlaylist | null> {
  try {
    return parseMediaPlaylist(await readFile(path.join(recordingPath, rendition, LIVE_MEDIA_PLAYLIST), 'utf8'))
  } catch {
    return null
  }
}

export async function readRecordingMeta(recordingPath: string): Promise<RecordingMeta | null> {
  try {
    return JSON.parse(await readFile(path.join(recordingPath, RECORDING_META), 'utf8')) as RecordingMeta
  } catch {
    return null
  }
}

/** ffprobe's view of an init segment + media segment: codecs, size, and first/last packet times per stream. */
export async function probeSegment(recordingPath: string, rendition: RenditionName, init: string, segment: string) {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=index,codec_type,codec_name,width,height,sample_rate:stream_tags=:packet=stream_index,pts_time,duration_time',
    '-of',
    'json',
    '-i',
    `concat:${path.join(recordingPath, rendition, init)}|${path.join(recordingPath, rendition, segment)}`,
  ])
  const parsed = JSON.parse(stdout) as {
    streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number; sample_rate?: string }[]
    packets: { stream_index: number; pts_time: string; duration_time?: string }[]
  }
  const ends = (index: number) => {
    const packets = parsed.packets.filter((p) => p.stream_index === index)
    const last = packets.at(-1)
    return { first: Number(packets[0]?.pts_time ?? NaN), end: Number(last?.pts_time ?? NaN) + Number(last?.duration_time ?? 0), packets: packets.length }
  }
  return parsed.streams.map((s) => ({ ...s, ...ends(s.index) }))
}

/** Wall-clock gaps (s) between consecutive segments: next start minus this start plus duration. */
export function wallClockGaps(playlist: MediaPlaylist): { index: number; gap: number; discontinuity: boolean }[] {
  const gaps: { index: number; gap: number; discontinuity: boolean }[] = []
  for (let i = 1; i < playlist.segments.length; i++) {
    const a = playlist.segments[i - 1]!
    const b = playlist.segments[i]!
    gaps.push({ index: i, gap: (Date.parse(b.programDateTime) - Date.parse(a.programDateTime)) / 1000 - a.duration, discontinuity: b.discontinuity })
  }
  return gaps
}
