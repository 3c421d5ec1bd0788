import type Hls from 'hls.js'
import type { ErrorData } from 'hls.js'
import { z } from 'zod'
import { withFreshHlsToken } from '~/domain/hls-token-swap.ts'
import { secondsBehindLive, signedUrlRefreshDelay } from '~/domain/stream-delivery.ts'

/** What /api/hls/access answers: a signed master URL of the forum's current recording. */
const accessSchema = z.object({ url: z.string().min(1).max(2000), expiresAt: z.string().datetime({ offset: true }), recordingId: z.string().min(1).max(64) })
const accessReply = z.union([accessSchema, z.object({ ok: z.literal(true), data: accessSchema }).transform((r) => r.data)])
const refusalReply = z.object({ error: z.object({ code: z.string().max(64), message: z.string().max(500) }) }).partial()
export type HlsAccess = z.infer<typeof accessSchema>

export class HlsAccessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** A fresh signed URL for the forum's live HLS; refused (not live, no recording yet, no access) with the server's code and message. */
export async function fetchHlsAccess(forumId: string, kind: 'live' | 'replay' = 'live'): Promise<HlsAccess> {
  const res = await fetch(`/api/hls/access?${new URLSearchParams({ forumId, kind })}`, { headers: { accept: 'application/json' }, cache: 'no-store' })
  const body: unknown = await res.json().catch(() => null)
  if (res.ok) {
    const parsed = accessReply.safeParse(body)
    if (parsed.success) return parsed.data
    throw new HlsAccessError('unavailable', 'Malformed HLS access reply', res.status)
  }
  const refusal = refusalReply.safeParse(body)
  const error = refusal.success ? refusal.data.error : undefined
  throw new HlsAccessError(error?.code ?? 'unavailable', error?.message ?? res.statusText, res.status)
}

export type HlsPlayerStatus = 'idle' | 'loading' | 'playing' | 'buffering' | 'reconnecting' | 'unavailable' | 'unsupported'

export type HlsPlayerState = {
  status: HlsPlayerStatus
  /** About how far behind live the picture is (PROGRAM-DATE-TIME of the frame shown vs the clock). */
  behindLiveSec: number | null
  /** The refusal of the last access request (not live yet, ended, no access), in the user's language. */
  error: { code: string; message: string } | null
  recordingId: string | null
  /** Times the player rebuilt itself after a stall or a fatal error (tests and the venue screen read it). */
  recoveries: number
}

export const IDLE_HLS_STATE: HlsPlayerState = { status: 'idle', behindLiveSec: null, error: null, recordingId: null, recoveries: 0 }

type Options = {
  forumId: string
  video: HTMLVideoElement
  /** Venue screens: a shorter stall limit; both modes retry for ever. */
  venue?: boolean
  getAccess?: (forumId: string) => Promise<HlsAccess>
}

/** A stalled picture for this long (ms) rebuilds the player. */
const STALL_MS = { viewer: 15_000, venue: 8_000 }
const RETRY_MAX_MS = 10_000

/**
 * The HLS tier of the player: hls.js on the signed master URL of the forum's current recording.
 * - Live settings: two segments behind the live edge, no LL-HLS: about 5.3 s glass to glass with
 *   the broadcaster's 2 s segments (bench/hls-latency.ts; three segments measured 7.1 s, over
 *   the 6 s target).
 * - The signed URL is refreshed before it expires; every later request of hls.js is re-signed
 *   with the freshest token in `xhrSetup`, so playback never restarts for it. A new recording
 *   (the broadcaster restarted) loads its own master playlist.
 * - Recovery: a media error → `recoverMediaError()` (then with the audio codec swapped); a 403 →
 *   a fresh URL and `startLoad()`; other network errors → `startLoad()` with backoff; anything
 *   else, or a picture that does not move for a while, rebuilds hls.js. It never gives up.
 */
export class HlsLiveClient {
  private hls: Hls | null = null
  private access: HlsAccess | null = null
  private closed = false
  private timers = new Set<ReturnType<typeof setTimeout>>()
  private ticker: ReturnType<typeof setInterval> | undefined
  private retries = 0
  private lastMediaErrorAt = 0
  private lastProgress = { time: -1, at: 0 }
  private readonly listeners = new Set<(s: HlsPlayerState) => void>()
  state: HlsPlayerState = IDLE_HLS_STATE

  constructor(private readonly options: Options) {}

  subscribe = (listener: (s: HlsPlayerState) => void) => {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  getState = () => this.state

  private set(patch: Partial<HlsPlayerState>) {
    this.state = { ...this.state, ...patch }
    for (const l of this.listeners) l(this.state)
  }

  private later(ms: number, run: () => void) {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (!this.closed) run()
    }, ms)
    this.timers.add(timer)
  }

  async start() {
    const video = this.options.video
    video.addEventListener('playing', this.onPlaying)
    video.addEventListener('waiting', this.onWaiting)
    this.ticker = setInterval(() => this.tick(), 1000)
    this.set({ status: 'loading' })
    await this.open()
  }

  close() {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    clearInterval(this.ticker)
    this.options.video.removeEventListener('playing', this.onPlaying)
    this.options.video.removeEventListener('waiting', this.onWaiting)
    this.hls?.destroy()
    this.hls = null
  }

  private onPlaying = () => this.set({ status: 'playing' })
  private onWaiting = () => this.state.status === 'playing' && this.set({ status: 'buffering' })

  /** Asks for a signed URL, then plays it; a refusal (not live yet) is shown and asked again shortly. */
  private async open() {
    let access: HlsAccess
    try {
      access = await (this.options.getAccess ?? fetchHlsAccess)(this.options.forumId)
    } catch (error) {
      if (this.closed) return
      const e = error as HlsAccessError
      this.set({ status: e.status >= 400 && e.status < 500 ? 'unavailable' : 'reconnecting', error: { code: e.code ?? 'unavailable', message: e.message } })
      return this.later(this.backoff(), () => void this.open())
    }
    if (this.closed) return
    this.access = access
    this.set({ error: null, recordingId: access.recordingId })
    this.scheduleRefresh()
    await this.load(access.url)
  }

  private backoff() {
    return Math.min(1000 * 2 ** this.retries++, RETRY_MAX_MS)
  }

  private scheduleRefresh() {
    if (!this.access) return
    this.later(signedUrlRefreshDelay(Date.parse(this.access.expiresAt), Date.now()), () => void this.refresh())
  }

  /** A fresh signed URL before the current one expires; a new recording is loaded, the same one is only re-signed. */
  private async refresh(): Promise<boolean> {
    try {
      const next = await (this.options.getAccess ?? fetchHlsAccess)(this.options.forumId)
      if (this.closed) return false
      const previous = this.access
      this.access = next
      this.scheduleRefresh()
      if (previous?.recordingId !== next.recordingId) {
        this.set({ recordingId: next.recordingId })
        await this.load(next.url)
      }
      return true
    } catch (error) {
      const e = error as HlsAccessError
      if (this.closed) return false
      // Not live any more (or access withdrawn): say so, and keep asking.
      if (e.status >= 400 && e.status < 500) this.set({ status: 'unavailable', error: { code: e.code, message: e.message } })
      this.later(this.backoff(), () => void this.refresh())
      return false
    }
  }

  private async load(url: string) {
    const video = this.options.video
    this.hls?.destroy()
    this.hls = null
    const { default: HlsJs } = await import('hls.js')
    if (this.closed) return
    if (!HlsJs.isSupported()) {
      // Safari plays HLS itself; a new URL there means a reload of the source.
      if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = url
        void video.play().catch(() => undefined)
        return
      }
      return this.set({ status: 'unsupported' })
    }
    const hls = new HlsJs({
      lowLatencyMode: false,
      // 3 s behind the newest complete segment (1.5 segments): glass to glass about 5.4 s through a
      // live stage, against 6.2–6.9 s with two whole segments (bench/hls-latency.ts --stage); beyond
      // 9 s behind, hls.js jumps forward.
      liveSyncDuration: 3,
      liveMaxLatencyDuration: 9,
      maxLiveSyncPlaybackRate: 1.1,
      // Every request goes out on the freshest signed URL (the token is a path prefix).
      xhrSetup: (xhr, requestUrl) => {
        xhr.open('GET', this.access ? withFreshHlsToken(requestUrl, this.access.url) : requestUrl, true)
      },
    })
    this.hls = hls
    hls.on(HlsJs.Events.ERROR, (_event, data) => this.onError(hls, data))
    hls.on(HlsJs.Events.FRAG_BUFFERED, () => {
      this.retries = 0
    })
    hls.attachMedia(video)
    hls.loadSource(url)
    this.lastProgress = { time: -1, at: Date.now() }
    void video.play().catch(() => undefined)
  }

  private onError(hls: Hls, data: ErrorData) {
    if (!data.fatal || this.closed || hls !== this.hls) return
    this.set({ status: 'reconnecting' })
    if (data.type === 'mediaError') {
      const now = Date.now()
      if (now - this.lastMediaErrorAt < 3000) hls.swapAudioCodec()
      this.lastMediaErrorAt = now
      hls.recoverMediaError()
      return
    }
    if (data.type === 'networkError') {
      const code = data.response?.code ?? 0
      if (code === 403 || code === 410) {
        // The token expired under us (a sleeping laptop): a fresh URL, then carry on loading.
        void this.refresh().then((ok) => ok && hls === this.hls && hls.startLoad())
        return
      }
      return this.later(this.backoff(), () => hls === this.hls && hls.startLoad())
    }
    this.rebuild()
  }

  /** Starts again from a fresh signed URL (a stall, or an error hls.js cannot recover from). */
  private rebuild() {
    this.hls?.destroy()
    this.hls = null
    this.set({ status: 'reconnecting', recoveries: this.state.recoveries + 1 })
    this.later(this.backoff(), () => void this.open())
  }

  /** Once a second: how far behind live, and whether the picture still moves. */
  private tick() {
    const video = this.options.video
    const hls = this.hls
    const playing = hls?.playingDate?.getTime() ?? null
    const behind = secondsBehindLive(playing, Date.now()) ?? (hls && Number.isFinite(hls.latency) && hls.latency > 0 ? Math.round(hls.latency) : null)
    if (behind !== this.state.behindLiveSec) this.set({ behindLiveSec: behind })
    if (!hls || this.state.status === 'unavailable') return
    const now = Date.now()
    if (video.currentTime !== this.lastProgress.time) {
      this.lastProgress = { time: video.currentTime, at: now }
      if (this.state.status === 'reconnecting' && !video.paused) this.set({ status: 'playing' })
      return
    }
    if (video.paused && video.readyState >= 3) void video.play().catch(() => undefined)
    if (now - this.lastProgress.at > (this.options.venue ? STALL_MS.venue : STALL_MS.viewer)) this.rebuild()
  }
}
