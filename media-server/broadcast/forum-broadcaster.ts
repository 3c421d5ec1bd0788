import { access } from 'node:fs/promises'
import path from 'node:path'
import { RENDITION_NAMES } from '../../app/domain/hls-layout.ts'
import { logger } from '../../app/utils/logger.server.ts'
import type { Room } from '../room.ts'
import { EncoderRun, type RunExit } from './encoder-run.ts'
import { PlaylistWriter, readCurrentRecording } from './playlist-writer.ts'
import { runPlaylistName, type EncoderSettings } from './program.ts'

const log = logger.child({ component: 'broadcaster' })

export type BroadcasterSettings = {
  recordingsDir: string
  ffmpegPath: string
  encoder?: EncoderSettings
  /** How often the live playlists follow ffmpeg's (ms). */
  pollMs?: number
  /** Stage changes within this window make one recomposition (ms). */
  settleMs?: number
  /** How long to wait for current.json after the forum goes live (ms). */
  currentWaitMs?: number
  /** First restart delay after ffmpeg dies; doubles per consecutive death (ms). */
  restartDelayMs?: number
  /** How long a recomposed run may take to write its first segment before the old run stays on air (ms). */
  takeoverTimeoutMs?: number
}

export type RunReason = 'start' | 'resume' | 'stage_change' | 'ffmpeg_restart' | 'reattach' | 'media_server_restart'

const isDiskFull = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOSPC'

/**
 * The broadcaster of one forum: it follows the forum's Room while the room is LIVE and keeps
 * one encoder run on air (media-server/broadcast/encoder-run.ts), whose segments the
 * PlaylistWriter appends to the recording named by current.json. A stage change starts the
 * next run and takes the old one off air only once the new one has a segment (no gap); a
 * dead ffmpeg is restarted with backoff; a closed room (its worker died) ends the run and the
 * next room of the forum carries on with the same playlist. Operations run one at a time.
 */
export class ForumBroadcaster {
  private room: Room | undefined
  private writer: PlaylistWriter | undefined
  private run: EncoderRun | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private poller: NodeJS.Timeout | undefined
  private settleTimer: NodeJS.Timeout | undefined
  private restartTimer: NodeJS.Timeout | undefined
  private consecutiveDeaths = 0
  private totals = { sent: 0, lost: 0 }
  private lastCounters = 0
  private nextReason: RunReason | undefined
  private failed = false
  /** Counts stage changes; a run remembers the count it was composed at, so a late timer never recomposes a fresh run. */
  private stageVersion = 0
  private composedVersion = -1
  closed = false

  constructor(
    readonly forumId: string,
    private readonly settings: BroadcasterSettings,
  ) {}

  /** For tests and the bench: the encoder run on air and the writer. */
  get current() {
    return { run: this.run, writer: this.writer, room: this.room }
  }

  attach(room: Room) {
    if (this.closed) return
    const hadRoom = this.writer !== undefined
    this.room = room
    room.on('stage', () => this.onStageChanged(room))
    room.on('status', (status) => this.enqueue(() => this.onStatus(room, status)))
    room.once('close', () => this.enqueue(() => this.detach(room)))
    if (room.liveStatus === 'LIVE') this.enqueue(() => this.startRun(hadRoom ? 'reattach' : 'start'))
  }

  /** Waits for the operations queued so far (tests). */
  settled(): Promise<unknown> {
    return this.queue
  }

  async close() {
    this.closed = true
    clearTimeout(this.settleTimer)
    clearTimeout(this.restartTimer)
    await this.enqueue(() => this.stopRun())
    this.stopPolling()
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T | undefined> {
    const next = this.queue.then(operation).catch((error: unknown) => this.onError(error))
    this.queue = next
    return next
  }

  private async onError(error: unknown): Promise<undefined> {
    if (isDiskFull(error)) await this.fail('disk_full')
    else log.error({ err: error, forumId: this.forumId }, 'broadcaster operation failed')
    return undefined
  }

  private onStageChanged(room: Room) {
    if (room !== this.room || room.closed) return
    this.stageVersion++
    clearTimeout(this.settleTimer)
    this.settleTimer = setTimeout(() => this.enqueue(() => this.recompose()), this.settings.settleMs ?? 1000)
  }

  private async onStatus(room: Room, status: string) {
    if (room !== this.room) return
    if (status === 'LIVE') return this.startRun(this.writer ? 'resume' : 'start')
    await this.stopRun()
    if (status === 'ENDED' && this.writer) {
      await this.writer.end()
      log.info({ forumId: this.forumId, recordingId: this.writer.meta.recordingId }, 'recording ended')
    }
  }

  private async detach(room: Room) {
    if (room !== this.room) return
    this.room = undefined
    clearTimeout(this.settleTimer)
    await this.stopRun()
  }

  /** The recording to write to: current.json, waited for briefly after go-live (the app writes it then). */
  private async openWriter(): Promise<PlaylistWriter | undefined> {
    const deadline = Date.now() + (this.settings.currentWaitMs ?? 5000)
    for (;;) {
      const current = await readCurrentRecording(this.settings.recordingsDir, this.forumId)
      if (current?.status === 'RECORDING') {
        if (this.writer?.meta.recordingId === current.recordingId) return this.writer
        const writer = await PlaylistWriter.open(this.settings.recordingsDir, this.forumId, current.recordingId)
        // Runs a crashed process left uncommitted still have their ffmpeg playlists.
        for (const r of writer.meta.runs) {
          const leftover = path.join(writer.recordingPath, RENDITION_NAMES[0]!, runPlaylistName(r.run))
          if (
            await access(leftover).then(
              () => true,
              () => false,
            )
          )
            await writer.commitRun(r.run)
        }
        this.failed = false
        return writer
      }
      if (current?.status === 'ENDED' || Date.now() > deadline) return undefined
      await new Promise((r) => setTimeout(r, 250))
    }
  }

  private async startRun(reason: RunReason) {
    if (this.run || this.closed || this.failed) return
    const room = this.room
    if (!room || room.closed || room.liveStatus !== 'LIVE') return
    const reopening = this.writer === undefined
    const writer = await this.openWriter()
    if (!writer) {
      log.info({ forumId: this.forumId }, 'live without a recording (no current.json): not recording')
      return
    }
    if (this.writer !== writer) this.totals = { sent: writer.meta.rtpPacketsReceived, lost: writer.meta.rtpPacketsLost }
    this.writer = writer
    if (this.room !== room || room.closed || room.liveStatus !== 'LIVE' || this.run) return
    const actual: RunReason = this.nextReason ?? (reopening && writer.segmentCount > 0 ? 'media_server_restart' : reason)
    this.nextReason = undefined
    this.run = await this.launch(room, writer, actual)
    writer.setOnAir(this.run.run)
    this.startPolling()
  }

  private async launch(room: Room, writer: PlaylistWriter, reason: RunReason): Promise<EncoderRun> {
    const number = writer.nextRun()
    this.composedVersion = this.stageVersion
    const run = await EncoderRun.start({
      router: room.stage.router,
      producers: room.stageProducers(),
      activeSpeakerPeerId: room.activeSpeakerPeerId,
      recordingPath: writer.recordingPath,
      run: number,
      ffmpegPath: this.settings.ffmpegPath,
      encoder: this.settings.encoder,
    })
    // Handled after the operation under way (which puts the run on air), even if ffmpeg is already gone.
    run.once('exit', (exit) => this.enqueue(() => this.onRunExit(run, exit)))
    await writer.beginRun(number, reason, run.startedAt)
    log.info({ forumId: this.forumId, recordingId: writer.meta.recordingId, run: number, reason }, 'broadcast run started')
    return run
  }

  /**
   * A stage change: the next run starts beside the one on air, and takes over once it has
   * written its first segment, so the wall-clock gap at the discontinuity stays under a segment.
   */
  private async recompose() {
    const room = this.room
    const writer = this.writer
    const old = this.run
    if (!room || room.closed || !writer || !old || room.liveStatus !== 'LIVE') return
    if (this.composedVersion === this.stageVersion) return
    const next = await this.launch(room, writer, 'stage_change')
    this.run = next
    const first = await this.firstSegment(next, this.settings.takeoverTimeoutMs ?? 20_000)
    if (!first && !old.exited) {
      // The new run never produced (e.g. no key frame from a new stream in time): the old one
      // stays on air, and the recomposition is tried again shortly.
      log.warn({ forumId: this.forumId, run: next.run, stderr: next.exited?.stderrTail }, 'recomposed run produced no segment in time; retrying')
      this.run = old
      await next.stop()
      await writer.discardRun(next.run)
      this.composedVersion = -1
      clearTimeout(this.settleTimer)
      this.settleTimer = setTimeout(() => this.enqueue(() => this.recompose()), 1000)
      return
    }
    await this.retire(old, first?.programDateTime)
    writer.setOnAir(next.run)
    await writer.refresh()
  }

  /** Waits until a run has a segment in every rendition; its first segment, or null if it exits or times out. */
  private async firstSegment(run: EncoderRun, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline && !run.exited) {
      // The on-air run keeps its playlist moving meanwhile.
      await this.writer!.refresh()
      const segments = await this.writer!.runSegments(run.run)
      if (RENDITION_NAMES.every((n) => segments.get(n)!.length > 0)) return segments.get(RENDITION_NAMES[0]!)![0]!
      await new Promise((r) => setTimeout(r, 200))
    }
    return null
  }

  /** Takes a run off air: ffmpeg finishes its last segment, and the run's segments are committed. */
  private async retire(run: EncoderRun, cutoff?: string) {
    await this.collectCounters(run)
    await run.stop()
    await this.writer!.commitRun(run.run, cutoff)
    await this.saveCounters()
  }

  private async stopRun() {
    clearTimeout(this.restartTimer)
    const run = this.run
    this.run = undefined
    if (run && this.writer) await this.retire(run)
    else if (run) await run.stop()
    this.stopPolling()
  }

  private async onRunExit(run: EncoderRun, exit: RunExit) {
    if (exit.requested) return
    if (this.run !== run) return
    this.run = undefined
    await this.collectCounters(run)
    await this.writer!.commitRun(run.run)
    if (exit.diskFull) return this.fail('disk_full')
    this.consecutiveDeaths = Date.now() - run.startedAt.getTime() > 30_000 ? 1 : this.consecutiveDeaths + 1
    this.writer!.meta.ffmpegRestarts++
    await this.saveCounters()
    const delay = Math.min(10_000, (this.settings.restartDelayMs ?? 500) * 2 ** (this.consecutiveDeaths - 1))
    log.warn({ forumId: this.forumId, run: run.run, code: exit.code, signal: exit.signal, delay, stderr: exit.stderrTail }, 'ffmpeg exited; restarting')
    this.nextReason = 'ffmpeg_restart'
    this.restartTimer = setTimeout(() => this.enqueue(() => this.startRun('ffmpeg_restart')), delay)
  }

  /** Disk full: stop cleanly, keep the segments written, and say why in recording.json. */
  private async fail(reason: string) {
    this.failed = true
    const run = this.run
    this.run = undefined
    if (run) await run.stop().catch(() => undefined)
    this.stopPolling()
    log.error({ forumId: this.forumId, recordingId: this.writer?.meta.recordingId, reason }, 'recording stopped on a fault')
    if (this.writer) {
      this.writer.meta.failureReason = reason
      await this.writer.saveMeta().catch((err: unknown) => log.error({ err, forumId: this.forumId }, 'recording.json not written'))
    }
  }

  private startPolling() {
    if (this.poller) return
    this.poller = setInterval(() => void this.enqueue(() => this.poll()), this.settings.pollMs ?? 500)
    this.poller.unref()
  }

  private stopPolling() {
    clearInterval(this.poller)
    this.poller = undefined
  }

  private async poll() {
    if (!this.writer || this.writer.runOnAir === null) return
    await this.writer.refresh()
    if (this.run && Date.now() - this.lastCounters > 5000) {
      this.lastCounters = Date.now()
      const counters = await this.run.rtpCounters()
      this.writer.meta.rtpPacketsReceived = this.totals.sent + counters.sent
      this.writer.meta.rtpPacketsLost = this.totals.lost + counters.lost
      await this.writer.saveMeta()
    }
  }

  private async collectCounters(run: EncoderRun) {
    // A run whose ffmpeg or worker died has no consumers left: its last polled figures count.
    const counters = run.exited ? run.lastCounters : await run.rtpCounters()
    this.totals.sent += counters.sent
    this.totals.lost += counters.lost
  }

  private async saveCounters() {
    if (!this.writer) return
    this.writer.meta.rtpPacketsReceived = this.totals.sent
    this.writer.meta.rtpPacketsLost = this.totals.lost
    await this.writer.saveMeta()
  }
}
