import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { io, type Socket } from 'socket.io-client'
import { joinList, localized, type AppLocale } from '~/domain/locale.ts'
import { formatMediaTime, replayRangeToForumRanges, type Chapter, type TimelineSpan } from '~/domain/replay.ts'

export const REPLAY_SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const
/** How often the played range and the position are sent while playing. */
const REPORT_EVERY_MS = 10_000

type Props = {
  forumId: string
  replay: { id: string; durationSeconds: number; chapters: Chapter[]; timeline: TimelineSpan[]; mediaStartMs: number; positionSec: number; preview: boolean }
  locale: AppLocale
}

/** Reporting effects started in this page (data-report-log numbers them). */
let runs = 0

const nonce = () => (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, '')

/**
 * The replay player (issue 12): hls.js over the signed VOD address from
 * GET /api/hls/access?kind=replay (Safari plays HLS itself), speeds up to 2×, resume where
 * the registrant stopped, chapters that seek. It reports only what was really played: a run
 * of timeupdates without a jump is one range; a seek closes it. Each range goes, every ~10 s
 * and on pause, seek, end or pagehide, to the attendance socket as REPLAY_PROGRESS on the
 * forum's media timeline (split where the recording had a gap), and the position to
 * /api/replay-position.
 */
export function ReplayPlayer({ forumId, replay, locale }: Props) {
  const { t } = useTranslation()
  const videoRef = useRef<HTMLVideoElement>(null)
  const statusRef = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [resumedAt, setResumedAt] = useState<number | null>(null)
  const [speed, setSpeed] = useState(1)
  const [current, setCurrent] = useState(0)

  // The video: a signed address, hls.js, renewed before it expires.
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    let cancelled = false
    let hls: { destroy(): void; loadSource(url: string): void; attachMedia(v: HTMLMediaElement): void; startLoad(at?: number): void } | null = null
    let renew: ReturnType<typeof setTimeout> | undefined
    const access = async () => {
      const response = await fetch(`/api/hls/access?forumId=${encodeURIComponent(forumId)}&kind=replay`, { credentials: 'same-origin' })
      const body = (await response.json()) as { url?: string; expiresAt?: string; error?: { message: string } }
      if (!response.ok || !body.url) throw new Error(body.error?.message ?? t('replay.page.playerError'))
      return { url: body.url, expiresAt: Date.parse(body.expiresAt ?? '') }
    }
    const load = async (first: boolean) => {
      try {
        const { url, expiresAt } = await access()
        if (cancelled) return
        const at = first ? null : video.currentTime
        const wasPlaying = !video.paused
        const { default: Hls } = await import('hls.js')
        if (cancelled) return
        if (Hls.isSupported()) {
          hls?.destroy()
          const instance = new Hls({ startPosition: at ?? -1 })
          instance.on(Hls.Events.ERROR, (_event, data) => {
            if (data.fatal) setError(t('replay.page.playerError'))
          })
          instance.loadSource(url)
          instance.attachMedia(video)
          hls = instance
        } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
          video.src = url
          if (at !== null) video.currentTime = at
        } else throw new Error(t('replay.page.playerError'))
        if (wasPlaying) void video.play().catch(() => undefined)
        if (Number.isFinite(expiresAt)) renew = setTimeout(() => void load(false), Math.max(10_000, expiresAt - Date.now() - 30_000))
      } catch (e) {
        if (!cancelled) setError((e as Error).message)
      }
    }
    void load(true)
    return () => {
      cancelled = true
      clearTimeout(renew)
      hls?.destroy()
    }
  }, [forumId, t])

  // Resume where the registrant stopped (not in the last seconds: that is the end).
  useEffect(() => {
    const video = videoRef.current
    if (!video || replay.positionSec < 5) return
    const onMeta = () => {
      if (replay.positionSec < (video.duration || replay.durationSeconds) - 5) {
        video.currentTime = replay.positionSec
        setResumedAt(replay.positionSec)
      }
    }
    video.addEventListener('loadedmetadata', onMeta, { once: true })
    return () => video.removeEventListener('loadedmetadata', onMeta)
  }, [replay.positionSec, replay.durationSeconds])

  // What was played, to the ledger; where we are, to the resume point.
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    const socket: Socket = io('/attendance', { transports: ['websocket'], withCredentials: true })
    // How reporting goes, on the player's element (data-reporting, data-reported-sec, data-report-error):
    // for support and for the browser tests, without re-rendering.
    const status = statusRef.current?.dataset
    let reportedSec = 0
    const run = (runs += 1)
    const setStatus = (state: string) => {
      if (!status) return
      status.reporting = state
      status.reportLog = `${status.reportLog ?? ''} ${run}:${state}`.slice(-300)
    }
    setStatus('connecting')
    // Ranges played before the socket has said hello (a slow connection, a reconnect) wait here.
    const pending: { fromSec: number; toSec: number }[] = []
    let ready = false
    const send = () => {
      if (!ready) return
      for (const range of pending.splice(0)) {
        void socket
          .timeout(10_000)
          .emitWithAck('attendance', { kind: 'REPLAY_PROGRESS', forumId, nonce: nonce(), clientAt: new Date().toISOString(), mediaFromSec: range.fromSec, mediaToSec: range.toSec })
          .then((reply: { ok: boolean; error?: { code?: string } }) => {
            if (!status) return
            if (reply.ok) status.reportedSec = String((reportedSec += range.toSec - range.fromSec))
            else status.reportError = reply.error?.code ?? 'refused'
          })
          .catch(() => status && (status.reportError = 'timeout'))
      }
    }
    // Set when the effect is cleaned up: this socket then only delivers what it has, and never
    // says hello again (a late hello would close its successor: one viewer per registration).
    let leaving = false
    socket.on('connect', async () => {
      if (leaving) return void socket.disconnect()
      const reply = (await socket.emitWithAck('hello', { forumId })) as { ok: boolean; error?: { code?: string } }
      ready = reply.ok
      setStatus(reply.ok ? 'ready' : `refused:${reply.error?.code ?? ''}`)
      send()
    })
    socket.on('disconnect', (reason) => {
      ready = false
      setStatus(`disconnected:${reason}`)
    })
    let runFrom: number | null = null
    let lastT = 0
    let lastWall = 0
    const flush = () => {
      if (runFrom !== null && lastT - runFrom >= 0.5) {
        pending.push(...replayRangeToForumRanges(replay.timeline, replay.mediaStartMs, runFrom, lastT))
        send()
      }
      runFrom = runFrom === null ? null : lastT
    }
    const savePosition = (keepalive = false) => {
      if (replay.preview) return
      void fetch('/api/replay-position', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ replayId: replay.id, positionSec: Math.max(0, video.currentTime) }),
        credentials: 'same-origin',
        keepalive,
      }).catch(() => undefined)
    }
    const onTime = () => {
      const now = video.currentTime
      const wall = performance.now()
      setCurrent(now)
      if (video.paused || video.seeking) return
      if (runFrom === null) {
        runFrom = now
      } else {
        const played = now - lastT
        const elapsed = (wall - lastWall) / 1000
        // A jump the clock can't explain is a seek: close the range before it.
        if (played < 0 || played > elapsed * video.playbackRate + 1.5) {
          flush()
          runFrom = now
        }
      }
      lastT = now
      lastWall = wall
    }
    const stop = () => {
      flush()
      runFrom = null
    }
    const onPause = () => {
      stop()
      savePosition()
    }
    const onPageHide = () => {
      stop()
      savePosition(true)
    }
    const timer = setInterval(() => {
      if (video.paused) return
      flush()
      savePosition()
    }, REPORT_EVERY_MS)
    video.addEventListener('timeupdate', onTime)
    video.addEventListener('seeking', stop)
    video.addEventListener('pause', onPause)
    video.addEventListener('ended', onPause)
    window.addEventListener('pagehide', onPageHide)
    return () => {
      onPageHide()
      leaving = true
      clearInterval(timer)
      video.removeEventListener('timeupdate', onTime)
      video.removeEventListener('seeking', stop)
      video.removeEventListener('pause', onPause)
      video.removeEventListener('ended', onPause)
      window.removeEventListener('pagehide', onPageHide)
      // A moment for the last reports to leave; a socket that never said hello has nothing to send.
      if (ready) setTimeout(() => socket.disconnect(), 300)
      else socket.disconnect()
    }
  }, [forumId, replay])

  // Both rates: loading a source resets playbackRate to defaultPlaybackRate.
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    video.defaultPlaybackRate = speed
    video.playbackRate = speed
  }, [speed])

  const seek = (offset: number) => {
    const video = videoRef.current
    if (!video) return
    video.currentTime = offset + 0.01
    void video.play().catch(() => undefined)
  }
  const currentChapter = replay.chapters.filter((c) => c.offsetSec <= current).at(-1)?.sessionId

  return (
    <div className="replay-player" ref={statusRef} data-testid="replay-player">
      <video ref={videoRef} controls playsInline preload="metadata" className="replay-video" data-testid="replay-video" />
      {error ? (
        <p className="form-error" role="alert" data-testid="replay-error">
          {error}
        </p>
      ) : null}
      {resumedAt !== null ? (
        <p className="muted" role="status" data-testid="replay-resumed">
          {t('replay.page.resume', { time: formatMediaTime(resumedAt) })}
        </p>
      ) : null}
      <label className="replay-speed">
        {t('replay.page.speed')}{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="replay-speed">
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      {replay.chapters.length > 0 ? (
        <nav aria-label={t('replay.page.chapters')}>
          <h2>{t('replay.page.chapters')}</h2>
          <ol className="replay-chapters" data-testid="replay-chapters">
            {replay.chapters.map((c) => (
              <li key={c.sessionId} aria-current={c.sessionId === currentChapter ? 'true' : undefined}>
                <button type="button" className="link" onClick={() => seek(c.offsetSec)} data-testid="replay-chapter">
                  <span className="chapter-time">{formatMediaTime(c.offsetSec)}</span> {localized(locale, c.titleZh, c.titleEn)}
                  {c.speakers.length ? <span className="muted"> · {joinList(locale, c.speakers)}</span> : null}
                </button>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
    </div>
  )
}
